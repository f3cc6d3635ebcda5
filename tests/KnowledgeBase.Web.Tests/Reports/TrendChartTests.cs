using Bunit;
using KnowledgeBase.Web.Components.Reports;

namespace KnowledgeBase.Web.Tests.Reports;

public sealed class TrendChartTests : BunitContext
{
    private static readonly ChartPoint[] ThreeWeeks =
    [
        new("2026-W01", 5, 10, "reports/tickets?week=1"),
        new("2026-W02", 0, 0),
        new("2026-W03", 9, 12),
    ];

    [Fact]
    public void The_chart_is_an_image_with_a_title_and_a_summary_of_the_numbers()
    {
        var chart = Render<TrendChart>(p => p.Add(c => c.Id, "link-rate").Add(c => c.Title, "Link rate").Add(c => c.Points, ThreeWeeks));

        var svg = chart.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("link-rate-title link-rate-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("Link rate by week", chart.Find("svg > title#link-rate-title").TextContent);
        var summary = chart.Find("svg > desc#link-rate-desc").TextContent;
        Assert.Contains("50% in 2026-W01", summary);
        Assert.Contains("75% in 2026-W03", summary);
        Assert.Contains("1 week without data", summary);
        Assert.Contains("63.6% (14 of 22)", chart.Find("figcaption").TextContent);
    }

    [Fact]
    public void The_numbers_are_in_a_table_below_with_a_drill_down_link_and_a_dash_for_an_empty_week()
    {
        var chart = Render<TrendChart>(p => p.Add(c => c.Id, "link-rate").Add(c => c.Title, "Link rate").Add(c => c.Points, ThreeWeeks)
            .Add(c => c.PartLabel, "Linked tickets").Add(c => c.WholeLabel, "Closed tickets"));

        var rows = chart.FindAll("details table tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["2026-W01", "5", "10", "50%"], rows[0].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal(["2026-W02", "0", "0", "—"], rows[1].Children.Select(c => c.TextContent.Trim()));
        Assert.Equal("reports/tickets?week=1", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(["Week", "Linked tickets", "Closed tickets", "Link rate"], chart.FindAll("details thead th").Select(th => th.TextContent));
        // The empty week is a gap in the line, not a point at 0%.
        Assert.Equal(2, chart.FindAll("circle").Count);
    }

    [Fact]
    public void An_empty_period_says_no_data_and_never_nan()
    {
        ChartPoint[] empty = [new("2026-W01", 0, 0), new("2026-W02", 0, 0)];

        var chart = Render<TrendChart>(p => p.Add(c => c.Id, "zero").Add(c => c.Title, "Zero-result rate").Add(c => c.Points, empty));

        Assert.Contains("No data", chart.Find(".no-data").TextContent);
        Assert.Empty(chart.FindAll("svg"));
        Assert.DoesNotContain("NaN", chart.Markup);
        Assert.DoesNotContain("Infinity", chart.Markup);
    }

    [Fact]
    public void A_single_week_is_drawn_as_a_point()
    {
        var chart = Render<TrendChart>(p => p.Add(c => c.Id, "one").Add(c => c.Title, "Reuse rate").Add(c => c.Points, new[] { new ChartPoint("2026-W05", 1, 4) }));

        Assert.Single(chart.FindAll("circle"));
        Assert.Empty(chart.FindAll("polyline"));
        Assert.DoesNotContain("NaN", chart.Markup);
    }
}
