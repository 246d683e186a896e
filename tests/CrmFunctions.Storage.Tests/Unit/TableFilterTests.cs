namespace CrmFunctions.Storage.Tests.Unit;

public class TableFilterTests
{
    [Fact]
    public void Interpolated_strings_become_quoted_literals_with_inner_quotes_doubled()
    {
        var name = "' or '1' eq '1";

        Assert.Equal("Name eq ''' or ''1'' eq ''1'", TableFilter.Create($"Name eq {name}"));
    }

    [Fact]
    public void Each_type_gets_its_odata_literal()
    {
        var when = new DateTimeOffset(2026, 11, 22, 13, 20, 35, TimeSpan.FromHours(2));
        var id = Guid.Parse("9d3c1a7e-5b7f-4b3e-9a51-2f0f6f6f1c11");

        var filter = TableFilter.Create($"A eq {42} and B eq {42L} and C eq {2.5} and D eq {3.0} and E eq {true} and F ge {when} and G eq {id}");

        Assert.Equal(
            "A eq 42 and B eq 42L and C eq 2.5 and D eq 3.0 and E eq true and F ge datetime'2026-11-22T11:20:35.0000000Z' " +
            "and G eq guid'9d3c1a7e-5b7f-4b3e-9a51-2f0f6f6f1c11'", filter);
    }

    [Fact]
    public void Literals_do_not_depend_on_the_current_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");
        try
        {
            Assert.Equal("Score gt 8.5", TableFilter.Create($"Score gt {8.5}"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Quote_doubles_quotes()
    {
        Assert.Equal("'O''Neil'", TableFilter.Quote("O'Neil"));
    }

    [Fact]
    public void Values_a_table_cannot_compare_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {new object()}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {double.NaN}"));
    }
}
