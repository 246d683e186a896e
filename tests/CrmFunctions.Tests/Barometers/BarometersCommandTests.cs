using CrmFunctions.Barometers;
using CrmFunctions.Tests.Support;
using CrmFunctions.Testing;
using Microsoft.Extensions.Configuration;
using static CrmFunctions.Tests.Barometers.BarometerTestData;

namespace CrmFunctions.Tests.Barometers;

/// <summary>The backfill verb against the same storage the app writes to.</summary>
public sealed class BarometersCommandTests(AzuriteFixture azurite) : AppTest(azurite)
{
    private IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrmStorage"] = Azurite.ConnectionString,
            // The facts are counted under the guest keys the app makes: the command needs the same secret.
            ["Privacy:KeySecret"] = CrmAppFactory.GuestKeySecret,
        })
        .Build();

    [Fact]
    public async Task Backfill_from_a_date_prints_progress_and_makes_the_figures_readable()
    {
        var property = NewProperty();
        await PostSurveyAsync(Client, property, new DateTimeOffset(2026, 11, 17, 9, 0, 0, TimeSpan.Zero), 9);
        await PostSurveyAsync(Client, property, new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero), 2);
        var output = new StringWriter();

        var exit = await BarometersCommand.RunAsync(["refresh", "--from", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd")],
            Configuration, output, CancellationToken.None);

        Assert.Equal(0, exit);
        var text = output.ToString();
        Assert.Contains("reading facts received since", text);
        Assert.Contains("days updated", text);
        Assert.Contains("Refreshed:", text);
        var week = await GetAsync(Client, $"/api/barometers?period=week&date=2026-11-17&property={property}");
        Assert.Equal(2, (long)Indicator(week, "nps")["n"]!);
        Assert.Equal(0, (double)Indicator(week, "nps")["value"]!);
    }

    [Theory]
    [InlineData("refresh", "--from", "17/11/2026")]
    [InlineData("refresh", "--from", "0001-01-01")]
    [InlineData("rebuild")]
    public async Task Bad_arguments_exit_with_usage(params string[] args)
    {
        Assert.Equal(2, await BarometersCommand.RunAsync(args, Configuration, new StringWriter(), CancellationToken.None));
    }
}
