using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CrmFunctions.Core.Barometers;
using CrmFunctions.Core.Barometers.Facts;
using CrmFunctions.Ingest;

namespace CrmFunctions.Barometers;

/// <summary>The barometer read API (docs/barometer-api contract) and the on-demand refresh.</summary>
public static class BarometersApi
{
    public static IEndpointRouteBuilder MapBarometers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/barometers").WithTags("Barometers");
        app.MapGet("/api/barometers", GetBarometerAsync).WithTags("Barometers").WithName("GetBarometers")
            .WithSummary("The barometer of a period and slice: value, n, margin, status, threshold, previous period, trend, history")
            .Produces<JsonObject>().ProducesValidationProblem();
        group.MapGet("/scorecard", GetScorecardAsync).WithName("GetBarometerScorecard")
            .WithSummary("The barometer per property").Produces<JsonObject>().ProducesValidationProblem();
        group.MapGet("/drivers", GetDriversAsync).WithName("GetBarometerDrivers")
            .WithSummary("Touchpoint means and how strongly each moves with the NPS answer").Produces<JsonObject>().ProducesValidationProblem();
        group.MapGet("/complaints", GetComplaintsAsync).WithName("GetBarometerComplaints")
            .WithSummary("Complaint count, rate per 100 stays and top motives").Produces<JsonObject>().ProducesValidationProblem();
        group.MapGet("/alerts", GetAlertsAsync).WithName("GetBarometerAlerts")
            .WithSummary("Status changes of indicators, newest first").Produces<JsonObject>().ProducesValidationProblem();
        group.MapGet("/export", GetExportAsync).WithName("GetBarometerExport")
            .WithSummary("The barometer table as CSV: one row per period, property and indicator").ProducesValidationProblem();
        group.MapPost("/refresh", PostRefreshAsync).WithName("PostBarometersRefresh")
            .WithSummary("Runs the barometer refresh now (the timer's computation)").Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> GetBarometerAsync(HttpRequest request, BarometerStore store, BarometerSettings settings,
        CustomerBaseSnapshots customerBase, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!BarometerQuery.TryParse(request, clock, out var query, out var problem)) return problem!;
        var errors = new Dictionary<string, string[]>();
        if (BarometerQuery.Integer(request, "history", 8, 1, 60, errors) is not { } historyCount) return BarometerQuery.Invalid(errors);

        var reader = new BarometerReader(store);
        var span = BarometerReader.Span(query.Period, historyCount);
        var aggregates = new List<BarometerAggregate>();
        foreach (var period in span)
            aggregates.Add(await reader.AggregateAsync(period, query.Filter, cancellationToken));
        var previous = await reader.AggregateAsync(query.Period.Previous(), query.Filter, cancellationToken);
        var snapshots = await SnapshotsAsync(customerBase, settings, span, query.Filter, cancellationToken);
        var report = Barometer.Compute(aggregates[^1], previous, query.Period, query.Filter, settings,
            snapshots[^1], await customerBase.ReadIfListedAsync(settings, query.Period.Previous(), query.Filter, cancellationToken));

        var indicators = new JsonArray();
        foreach (var line in report.Lines)
        {
            var json = BarometerJson.Indicator(line, query.Period);
            json["history"] = new JsonArray(span.Select((period, i) =>
            {
                var measurement = IndicatorCalculator.Measure(line.IndicatorId, aggregates[i], snapshots[i], settings.ServiceLevel);
                return (JsonNode)new JsonObject
                {
                    ["label"] = period.Label,
                    ["value"] = BarometerJson.Round(measurement.Value),
                    ["n"] = measurement.N,
                };
            }).ToArray());
            indicators.Add(json);
        }
        var state = await store.ReadStateAsync(cancellationToken);
        return TypedResults.Ok(new JsonObject
        {
            ["period"] = BarometerJson.Period(query.Period),
            ["filter"] = BarometerJson.Filter(query.Filter),
            ["refreshedAt"] = state.RefreshedAt,
            ["indicators"] = indicators,
        });
    }

    private static async Task<List<CustomerBaseSnapshot?>> SnapshotsAsync(CustomerBaseSnapshots customerBase, BarometerSettings settings,
        IReadOnlyList<Period> periods, BarometerFilter filter, CancellationToken cancellationToken)
    {
        var snapshots = new List<CustomerBaseSnapshot?>();
        foreach (var period in periods)
            snapshots.Add(await customerBase.ReadIfListedAsync(settings, period, filter, cancellationToken));
        return snapshots;
    }

    private static async Task<IResult> GetScorecardAsync(HttpRequest request, BarometerStore store, BarometerSettings settings,
        CustomerBaseSnapshots customerBase, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!BarometerQuery.TryParse(request, clock, out var query, out var problem)) return problem!;
        var reader = new BarometerReader(store);
        var properties = new JsonArray();
        foreach (var (property, report) in await PropertyReportsAsync(reader, query, settings, customerBase, cancellationToken))
            properties.Add(new JsonObject
            {
                ["property"] = property,
                ["indicators"] = new JsonArray(report.Lines.Select(l => (JsonNode)BarometerJson.Indicator(l, query.Period)).ToArray()),
            });
        return TypedResults.Ok(new JsonObject
        {
            ["period"] = BarometerJson.Period(query.Period),
            ["filter"] = BarometerJson.Filter(query.Filter),
            ["indicators"] = new JsonArray(settings.Indicators.Select(id => (JsonNode)id).ToArray()),
            ["properties"] = properties,
        });
    }

    /// <summary>Every property with data in the period or the one before (or just the one asked for), ordered by name.</summary>
    private static async Task<List<(string Property, BarometerReport Report)>> PropertyReportsAsync(BarometerReader reader,
        BarometerQuery query, BarometerSettings settings, CustomerBaseSnapshots customerBase, CancellationToken cancellationToken)
    {
        var current = await reader.SlicesAsync(query.Period, cancellationToken);
        var previous = await reader.SlicesAsync(query.Period.Previous(), cancellationToken);
        var properties = query.Filter.Property is { } only
            ? [only]
            : current.Keys.Concat(previous.Keys).Select(s => s.Property).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var reports = new List<(string Property, BarometerReport Report)>();
        foreach (var property in properties)
        {
            var filter = query.Filter with { Property = property };
            reports.Add((property, Barometer.Compute(BarometerRefresher.Sum(current, filter), BarometerRefresher.Sum(previous, filter),
                query.Period, filter, settings,
                await customerBase.ReadIfListedAsync(settings, query.Period, filter, cancellationToken),
                await customerBase.ReadIfListedAsync(settings, query.Period.Previous(), filter, cancellationToken))));
        }
        return reports;
    }

    private static async Task<IResult> GetDriversAsync(HttpRequest request, BarometerStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!BarometerQuery.TryParse(request, clock, out var query, out var problem)) return problem!;
        var aggregate = await new BarometerReader(store).AggregateAsync(query.Period, query.Filter, cancellationToken);
        // Touchpoints without an estimable driver (too few pairs, no variance) come last: unknown is not zero.
        var touchpoints = Measures.Touchpoints(aggregate)
            .OrderByDescending(t => t.Correlation.HasValue).ThenByDescending(t => t.Correlation).ThenBy(t => t.Touchpoint, StringComparer.Ordinal)
            .Select(t => (JsonNode)new JsonObject
            {
                ["touchpoint"] = t.Touchpoint,
                ["mean"] = BarometerJson.Round(t.Mean),
                ["n"] = t.N,
                ["impact"] = t.Correlation is { } r ? Math.Round(r, 4) : null,
                ["pairs"] = t.Pairs,
                ["method"] = "correlation",
            }).ToArray();
        return TypedResults.Ok(new JsonObject
        {
            ["period"] = BarometerJson.Period(query.Period),
            ["filter"] = BarometerJson.Filter(query.Filter),
            ["n"] = Measures.Nps(aggregate).N,
            ["touchpoints"] = new JsonArray(touchpoints),
        });
    }

    private static async Task<IResult> GetComplaintsAsync(HttpRequest request, BarometerStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!BarometerQuery.TryParse(request, clock, out var query, out var problem)) return problem!;
        var complaints = Measures.Complaints(await new BarometerReader(store).AggregateAsync(query.Period, query.Filter, cancellationToken));
        return TypedResults.Ok(new JsonObject
        {
            ["period"] = BarometerJson.Period(query.Period),
            ["filter"] = BarometerJson.Filter(query.Filter),
            ["count"] = complaints.Count,
            ["stays"] = complaints.Stays,
            ["per100Stays"] = BarometerJson.Round(complaints.Per100Stays),
            ["topMotives"] = new JsonArray(complaints.TopMotives.Select(m => (JsonNode)new JsonObject
            {
                ["motive"] = m.Motive,
                ["count"] = m.Count,
                ["share"] = Math.Round(m.Share, 4),
            }).ToArray()),
        });
    }

    private static async Task<IResult> GetAlertsAsync(HttpRequest request, BarometerStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (BarometerQuery.Integer(request, "top", 20, 1, 500, errors) is not { } top) return BarometerQuery.Invalid(errors);
        var alerts = await store.ReadAlertsAsync(top, cancellationToken);
        return TypedResults.Ok(new JsonObject
        {
            ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)new JsonObject
            {
                ["at"] = a.At,
                ["indicator"] = a.Indicator,
                ["dimension"] = a.Dimension,
                ["period"] = a.Period,
                ["from"] = a.From,
                ["to"] = a.To,
                ["value"] = BarometerJson.Round(a.Value),
                ["threshold"] = a.Threshold,
                ["gap"] = BarometerJson.Round(a.Gap),
                ["baseline"] = a.Baseline,
            }).ToArray()),
        });
    }

    /// <summary>
    /// The group-wide barometer ("*") then each property's, for the requested period: what a spreadsheet user
    /// pivots. Invariant culture, RFC 4180 quoting.
    /// </summary>
    private static async Task<IResult> GetExportAsync(HttpRequest request, BarometerStore store, BarometerSettings settings,
        CustomerBaseSnapshots customerBase, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!BarometerQuery.TryParse(request, clock, out var query, out var problem)) return problem!;
        var reader = new BarometerReader(store);
        var reports = await PropertyReportsAsync(reader, query, settings, customerBase, cancellationToken);
        if (query.Filter.Property is null)
        {
            var current = await reader.AggregateAsync(query.Period, query.Filter, cancellationToken);
            var previous = await reader.AggregateAsync(query.Period.Previous(), query.Filter, cancellationToken);
            reports.Insert(0, ("*", Barometer.Compute(current, previous, query.Period, query.Filter, settings,
                await customerBase.ReadIfListedAsync(settings, query.Period, query.Filter, cancellationToken),
                await customerBase.ReadIfListedAsync(settings, query.Period.Previous(), query.Filter, cancellationToken))));
        }
        var csv = new StringBuilder();
        csv.Append("period,start,end,property,segment,channel,indicator,label,unit,value,n,margin,status,threshold,previous,trend\r\n");
        foreach (var (property, report) in reports)
            foreach (var line in report.Lines)
                csv.Append(string.Join(',', new[]
                {
                    query.Period.Label, BarometerJson.Day(query.Period.Start), BarometerJson.Day(query.Period.End), property,
                    query.Filter.Segment ?? "*", query.Filter.Channel ?? "*", line.IndicatorId, line.Definition.Label,
                    BarometerRefresher.Name(line.Definition.Unit), Number(line.Value), line.N.ToString(CultureInfo.InvariantCulture),
                    Number(line.Margin), BarometerRefresher.Name(line.Status), Number(line.Threshold), Number(line.PreviousValue),
                    line.Trend is { } t ? BarometerRefresher.Name(t) : "",
                }.Select(Csv))).Append("\r\n");
        var fileName = $"barometer-{BarometerStore.KindName(query.Period.Kind)}-{query.Period.Label}{(query.Filter.Property is { } p ? "-" + Safe(p) : "")}.csv";
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", fileName);
    }

    private static string Number(double? value) => value is { } v ? Math.Round(v, 2).ToString(CultureInfo.InvariantCulture) : "";

    public static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Safe(string text) => new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    private static async Task<IResult> PostRefreshAsync(BarometerRefresher refresher, CancellationToken cancellationToken)
    {
        try
        {
            var summary = await refresher.RefreshAsync(null, null, cancellationToken);
            return TypedResults.Ok(new JsonObject
            {
                ["watermark"] = summary.Watermark,
                ["factsRead"] = summary.FactsRead,
                ["daysUpdated"] = summary.DaysUpdated,
                ["alertsRaised"] = summary.AlertsRaised,
                ["seconds"] = Math.Round(summary.Seconds, 3),
            });
        }
        catch (RefreshBusyException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Refresh already running",
                detail: e.Message, type: Problems.TypeBase + "refresh-busy");
        }
    }
}
