using CrmFunctions.Core.Campaigns;

namespace CrmFunctions.Core.Tests.Intake;

public class SmsReplyTests
{
    [Theory]
    [InlineData("9", 9)]
    [InlineData(" 10 ", 10)]
    [InlineData("0", 0)]
    [InlineData("9/10", 9)]
    [InlineData("7 / 10", 7)]
    [InlineData("10 !", 10)]
    [InlineData("8.", 8)]
    public void A_bare_number_from_0_to_10_is_a_score(string text, int score) =>
        Assert.Equal(new SmsReplyMeaning(SmsReplyKind.Score, score), SmsReply.Interpret(text));

    [Theory]
    [InlineData("11")]
    [InlineData("9 nights were not enough")]
    [InlineData("between 8 and 9")]
    [InlineData("9,5")]
    [InlineData("-3")]
    [InlineData("")]
    [InlineData("٩")] // an Arabic-Indic nine is not read as a score
    public void Anything_else_is_not_a_score(string text) =>
        Assert.NotEqual(SmsReplyKind.Score, SmsReply.Interpret(text).Kind);

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("Stop.")]
    [InlineData("ARRET")]
    [InlineData("unsubscribe")]
    [InlineData("Arrêt")]
    [InlineData("arret !")]
    [InlineData(" STOP ALL ")]
    [InlineData("stopall")]
    [InlineData("S T O P")]
    public void Opt_out_keywords_are_a_stop(string text) =>
        Assert.Equal(SmsReplyKind.Stop, SmsReply.Interpret(text).Kind);

    [Fact]
    public void A_sentence_containing_stop_is_not_an_opt_out() =>
        Assert.Equal(SmsReplyKind.Other, SmsReply.Interpret("please don't stop the breakfast buffet").Kind);
}
