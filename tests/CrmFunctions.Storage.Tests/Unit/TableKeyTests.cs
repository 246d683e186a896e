namespace CrmFunctions.Storage.Tests.Unit;

public class TableKeyTests
{
    [Theory]
    [InlineData("https://hotel.example/booking?id=42#top")]
    [InlineData("C:\\exports\\guests")]
    [InlineData("tab\there\nnewline\u0085next")]
    [InlineData("already ~2F encoded~")]
    [InlineData("")]
    public void Encoded_keys_have_no_forbidden_character_and_decode_back(string text)
    {
        var key = TableKey.Encode(text);

        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.Equal(text, TableKey.Decode(key));
    }

    [Fact]
    public void Ordinary_text_stays_readable()
    {
        Assert.Equal("Hôtel du Lac – O'Neil, chambre 12", TableKey.Encode("Hôtel du Lac – O'Neil, chambre 12"));
        Assert.Equal("a~2Fb", TableKey.Encode("a/b"));
    }

    [Fact]
    public void Decoding_text_that_was_not_encoded_fails_clearly()
    {
        Assert.Throws<FormatException>(() => TableKey.Decode("broken~Z"));
    }
}
