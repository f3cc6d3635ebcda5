using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using KnowledgeBase.Core.Markdown;

namespace KnowledgeBase.Core.Tests.Markdown;

public partial class XssTests
{
    private static readonly string[] ForbiddenElements =
    [
        "script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta", "base", "form",
        "frame", "frameset", "applet", "template", "noscript", "textarea", "select", "button", "title", "xmp", "noembed",
        "audio", "video", "source", "marquee", "isindex", "keygen", "body", "html", "head",
    ];

    private static readonly string[] ForbiddenAttributes = ["style", "srcdoc", "formaction", "xlink:href", "action", "background", "poster", "data", "autofocus"];

    private static readonly string[] UrlAttributes = ["href", "src", "cite"];

    private static readonly string[] SafeSchemes = ["http", "https", "mailto"];

    public static TheoryData<int, string> Payloads()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < XssPayloads.All.Count; i++) data.Add(i, XssPayloads.All[i]);
        return data;
    }

    [Fact]
    public void The_corpus_holds_at_least_seventy_distinct_payloads()
    {
        Assert.True(XssPayloads.All.Distinct(StringComparer.Ordinal).Count() >= 70);
        Assert.Equal(XssPayloads.All.Count, XssPayloads.All.Distinct(StringComparer.Ordinal).Count());
    }

    // The index keeps every row's name short and stable; the payload itself is shown next to it.
    [Theory]
    [MemberData(nameof(Payloads))]
    public void Rendered_payload_contains_nothing_that_runs_script(int index, string payload)
    {
        _ = index;
        var html = ArticleRenderer.Render(payload).Html;

        AssertHarmless(html);
        AssertHarmless(ArticleRenderer.ToSafeHtml(payload));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Sanitizing_the_sanitized_html_again_changes_nothing(int index, string payload)
    {
        _ = index;
        var once = ArticleRenderer.Render(payload).Html;

        Assert.Equal(once, HtmlSafety.Sanitize(once));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Payload_sanitized_directly_as_html_contains_nothing_that_runs_script(int index, string payload)
    {
        _ = index;
        AssertHarmless(HtmlSafety.Sanitize(payload));
    }

    internal static void AssertHarmless(string html)
    {
        var document = new HtmlParser().ParseDocument("<!doctype html><html><head></head><body>" + html + "</body></html>");
        var body = document.Body!;
        foreach (var element in body.Descendants<IElement>())
        {
            var name = element.LocalName;
            Assert.False(ForbiddenElements.Contains(name, StringComparer.OrdinalIgnoreCase), $"<{name}> survived in: {html}");
            if (name == "input")
            {
                Assert.Equal("checkbox", element.GetAttribute("type"));
                Assert.True(element.HasAttribute("disabled"), $"an enabled input survived in: {html}");
            }
            foreach (var attribute in element.Attributes)
            {
                var attributeName = attribute.Name;
                Assert.False(attributeName.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attributeName} survived on <{name}> in: {html}");
                Assert.False(ForbiddenAttributes.Contains(attributeName, StringComparer.OrdinalIgnoreCase), $"{attributeName} survived on <{name}> in: {html}");
                if (UrlAttributes.Contains(attributeName, StringComparer.OrdinalIgnoreCase))
                    Assert.True(IsSafeUrl(attribute.Value), $"{attributeName}=\"{attribute.Value}\" survived on <{name}> in: {html}");
            }
        }
        // Nothing executable may hide in the head either (a <base> or <meta> hoisted by the parser).
        Assert.Empty(document.Head!.Children);
    }

    /// <summary>Absent, relative, or http(s)/mailto once the parser has decoded entities and the browser would have dropped whitespace and controls.</summary>
    internal static bool IsSafeUrl(string value)
    {
        var compact = new string(value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
        var scheme = SchemePattern().Match(compact);
        return !scheme.Success || SafeSchemes.Contains(scheme.Groups[1].Value);
    }

    [GeneratedRegex("^([a-z][a-z0-9+.-]*):")]
    private static partial Regex SchemePattern();

    [Theory]
    [InlineData("https://example.com/a", true)]
    [InlineData("mailto:help@example.com", true)]
    [InlineData("/articles/x", true)]
    [InlineData("x.png", true)]
    [InlineData("#resolution", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" \tJava\nScript:alert(1)", false)]
    [InlineData("\u0001javascript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("vbscript:x", false)]
    public void The_url_check_of_these_tests_tells_safe_from_unsafe(string url, bool safe)
    {
        Assert.Equal(safe, IsSafeUrl(url));
    }
}
