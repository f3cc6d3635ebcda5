using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Import;

namespace KnowledgeBase.Core.Tests.Import;

public class ArticleFileParserTests
{
    private static readonly HashSet<string> KnownCategories = ["identity-mfa", "email-outlook", "endpoint-printing"];

    private static (ImportDocument? Document, ImportProblem? Problem) Parse(string text, string path = "articles/outlook-password-prompt.md") =>
        ArticleFileParser.Parse(path, Encoding.UTF8.GetBytes(text), KnownCategories.Contains);

    private static ImportDocument Document(string text, string path = "articles/outlook-password-prompt.md")
    {
        var (document, problem) = Parse(text, path);
        Assert.Null(problem);
        return document!;
    }

    private static ImportProblem Problem(string text, string path = "articles/outlook-password-prompt.md")
    {
        var (document, problem) = Parse(text, path);
        Assert.Null(document);
        Assert.NotNull(problem);
        Assert.Equal(path, problem.File);
        return problem;
    }

    [Fact]
    public void Every_front_matter_key_is_read()
    {
        var document = Document("""
            ---
            id: outlook-mfa-prompt
            title: Outlook keeps prompting for password after MFA is enabled — Microsoft 365
            state: Validated
            audience: Customer
            categories:
              - email-outlook
              - identity-mfa
            tags: [Outlook, Modern Auth, MFA]
            owner: dana.okafor
            reviewed: 2026-05-31
            ---
            # Ignored heading

            ## Issue
            Prompts.
            """);

        Assert.Equal("outlook-mfa-prompt", document.Id);
        Assert.Equal("Outlook keeps prompting for password after MFA is enabled — Microsoft 365", document.Title);
        Assert.Equal(KcsState.Validated, document.State);
        Assert.Equal(Audience.Customer, document.Audience);
        Assert.Equal(["email-outlook", "identity-mfa"], document.Categories);
        Assert.Equal(["outlook", "modern-auth", "mfa"], document.Tags);
        Assert.Equal("dana.okafor", document.Owner);
        Assert.Equal(new DateTime(2026, 5, 31, 0, 0, 0, DateTimeKind.Utc), document.Reviewed);
        Assert.Equal(DateTimeKind.Utc, document.Reviewed!.Value.Kind);
        Assert.Equal("articles/outlook-password-prompt.md", document.SourcePath);
        Assert.Equal("# Ignored heading\n\n## Issue\nPrompts.\n", document.Body);
    }

    [Fact]
    public void Keys_are_matched_whatever_their_case()
    {
        var document = Document("---\nTitle: From front matter\nSTATE: wip\n---\nBody\n");

        Assert.Equal("From front matter", document.Title);
        Assert.Equal(KcsState.Wip, document.State);
    }

    [Fact]
    public void The_id_comes_from_the_file_name_when_the_front_matter_has_none()
    {
        Assert.Equal("outlook-password-prompt", Document("# Title\n", "articles/Outlook Password Prompt.md").Id);
        Assert.Equal("vpn_error-809", Document("# Title\n", "nested/folder/VPN_Error 809.md").Id);
    }

    [Fact]
    public void An_invalid_id_is_reported_on_its_line()
    {
        var problem = Problem("---\ntitle: T\nid: ../../etc/passwd\n---\n");

        Assert.Equal(3, problem.Line);
        Assert.Contains("id", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_title_comes_from_the_first_level_one_heading_when_the_front_matter_has_none()
    {
        Assert.Equal("Printer shows offline — Windows 11", Document("---\nstate: wip\n---\n\n# Printer shows offline — Windows 11\n\n# Another\n").Title);
        Assert.Equal("No front matter at all", Document("# No front matter at all\n\nText.").Title);
    }

    [Fact]
    public void The_front_matter_title_wins_over_the_heading_and_is_trimmed()
    {
        Assert.Equal("From front matter", Document("---\ntitle: '  From front matter  '\n---\n# From heading\n").Title);
    }

    [Fact]
    public void A_file_without_any_title_is_reported()
    {
        var problem = Problem("---\nstate: wip\n---\n## Issue\n\nNo level one heading.\n");

        Assert.Contains("title", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_title_is_reported_on_its_line()
    {
        Assert.Equal(3, Problem("---\nstate: wip\ntitle: ''\n---\n# Heading\n").Line);
    }

    [Fact]
    public void A_title_that_is_a_list_is_reported_on_its_line()
    {
        Assert.Equal(2, Problem("---\ntitle:\n  - a\n  - b\n---\n").Line);
    }

    [Fact]
    public void A_too_long_title_is_reported_on_its_line()
    {
        var longTitle = new string('x', ArticleFileParser.MaxTitleLength + 1);

        Assert.Equal(3, Problem($"---\nstate: wip\ntitle: {longTitle}\n---\n").Line);
    }

    [Fact]
    public void A_too_long_heading_title_is_reported_on_the_heading_line()
    {
        var longTitle = new string('x', ArticleFileParser.MaxTitleLength + 1);

        Assert.Equal(5, Problem($"---\nstate: wip\n---\n\n# {longTitle}\n").Line);
    }

    [Fact]
    public void Unknown_keys_are_ignored()
    {
        var document = Document("""
            ---
            layout: post
            weight: 3
            author: { name: Someone, email: someone@example.com }
            aliases:
              - /old/path
            title: Kept
            ---
            Body.
            """);

        Assert.Equal("Kept", document.Title);
    }

    [Theory]
    [InlineData("WIP", KcsState.Wip)]
    [InlineData("wip", KcsState.Wip)]
    [InlineData("Work In Progress", KcsState.Wip)]
    [InlineData("draft", KcsState.Wip)]
    [InlineData("Not Validated", KcsState.NotValidated)]
    [InlineData("not-validated", KcsState.NotValidated)]
    [InlineData("not_validated", KcsState.NotValidated)]
    [InlineData("NotValidated", KcsState.NotValidated)]
    [InlineData("validated", KcsState.Validated)]
    [InlineData("Archived", KcsState.Archived)]
    public void States_are_read_the_way_people_write_them(string text, KcsState expected)
    {
        Assert.Equal(expected, Document($"---\ntitle: T\nstate: {text}\n---\n").State);
    }

    [Theory]
    [InlineData("Internal", Audience.Internal)]
    [InlineData("internal", Audience.Internal)]
    [InlineData("Customer", Audience.Customer)]
    [InlineData("external", Audience.Customer)]
    public void Audiences_are_read_the_way_people_write_them(string text, Audience expected)
    {
        Assert.Equal(expected, Document($"---\ntitle: T\nstate: Validated\naudience: {text}\n---\n").Audience);
    }

    [Fact]
    public void State_and_audience_are_null_when_the_file_does_not_say()
    {
        var document = Document("# T\n");

        Assert.Null(document.State);
        Assert.Null(document.Audience);
        Assert.Empty(document.Categories);
        Assert.Empty(document.Tags);
        Assert.Null(document.Owner);
        Assert.Null(document.Reviewed);
    }

    [Fact]
    public void An_unknown_state_is_reported_on_its_line()
    {
        var problem = Problem("---\ntitle: T\n\nstate: Approved\n---\n");

        Assert.Equal(4, problem.Line);
        Assert.Contains("Approved", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_audience_word_of_another_knowledge_base_never_exposes_the_article_to_customers()
    {
        var document = Document("---\ntitle: T\nstate: Validated\naudience: ITPro\n---\n");

        Assert.NotEqual(Audience.Customer, document.Audience);
    }

    [Fact]
    public void An_audience_that_is_not_a_word_is_reported_on_its_line()
    {
        Assert.Equal(4, Problem("---\ntitle: T\nstate: Validated\naudience: [Customer]\n---\n").Line);
    }

    [Theory]
    [InlineData("WIP")]
    [InlineData("Not Validated")]
    [InlineData("Archived")]
    public void Customer_audience_without_validated_is_refused_on_the_audience_line(string state)
    {
        var problem = Problem($"---\ntitle: T\nstate: {state}\naudience: Customer\n---\n");

        Assert.Equal(4, problem.Line);
        Assert.Contains("Validated", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Customer_audience_without_any_state_is_refused()
    {
        Assert.Equal(3, Problem("---\ntitle: T\naudience: Customer\n---\n").Line);
    }

    [Fact]
    public void Tags_are_normalised_and_deduplicated()
    {
        var document = Document("---\ntitle: T\ntags:\n  - Modern Auth\n  - modern-auth\n  - '  Outlook  '\n  - Wi-Fi_6\n  - ''\n---\n");

        Assert.Equal(["modern-auth", "outlook", "wi-fi-6"], document.Tags);
    }

    [Fact]
    public void Accented_letters_in_tags_and_file_names_lose_their_accents()
    {
        // ArticleId.Slugify relies on string.Normalize(FormD), which does nothing under InvariantGlobalization.
        Assert.Equal(["cafe-wi-fi"], Document("---\ntitle: T\ntags: [Café Wi-Fi]\n---\n").Tags);
        Assert.Equal("resume-imprimante", Document("# T\n", "Résumé imprimante.md").Id);
    }

    [Fact]
    public void Comma_separated_tags_are_a_list()
    {
        Assert.Equal(["vpn", "error-809"], Document("---\ntitle: T\ntags: VPN, Error 809\n---\n").Tags);
    }

    [Fact]
    public void Tags_that_are_not_a_list_of_words_are_reported_on_their_line()
    {
        Assert.Equal(3, Problem("---\ntitle: T\ntags:\n  - [nested]\n---\n").Line);
    }

    [Fact]
    public void A_single_category_may_be_given_as_category()
    {
        Assert.Equal(["identity-mfa"], Document("---\ntitle: T\ncategory: identity-mfa\n---\n").Categories);
    }

    [Fact]
    public void Duplicate_categories_are_kept_once_in_their_order()
    {
        Assert.Equal(["identity-mfa", "email-outlook"], Document("---\ntitle: T\ncategories: [identity-mfa, email-outlook, identity-mfa]\n---\n").Categories);
    }

    [Fact]
    public void Categories_are_not_checked_without_a_category_lookup()
    {
        var (document, problem) = ArticleFileParser.Parse("a.md", Encoding.UTF8.GetBytes("---\ntitle: T\ncategories: [anything]\n---\n"));

        Assert.Null(problem);
        Assert.Equal(["anything"], document!.Categories);
    }

    [Fact]
    public void An_unknown_category_is_reported_on_its_own_line()
    {
        var problem = Problem("""
            ---
            title: T
            categories:
              - identity-mfa
              - email-outlook
              - endpoint-scanners
              - endpoint-printing
            ---
            Body.
            """);

        Assert.Equal(6, problem.Line);
        Assert.Contains("endpoint-scanners", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_category_in_a_one_line_list_is_reported_on_that_line()
    {
        Assert.Equal(3, Problem("---\ntitle: T\ncategories: [identity-mfa, nope]\n---\n").Line);
    }

    [Fact]
    public void An_owner_longer_than_a_name_is_reported()
    {
        Assert.Equal(3, Problem($"---\ntitle: T\nowner: {new string('o', 257)}\n---\n").Line);
    }

    [Fact]
    public void A_blank_owner_means_none()
    {
        Assert.Null(Document("---\ntitle: T\nowner: ''\n---\n").Owner);
    }

    [Fact]
    public void A_reviewed_value_that_is_not_a_date_is_reported_on_its_line()
    {
        var problem = Problem("---\ntitle: T\nreviewed: last tuesday\n---\n");

        Assert.Equal(3, problem.Line);
        Assert.Contains("last tuesday", problem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---\nid: a\ntitle: T\nstate: wip: really\n---\n", 4)]
    [InlineData("---\nid: a\ntitle: \"unterminated\nstate: wip\n---\n", 3)]
    [InlineData("---\ntitle: T\n\n\n\nowner: [a, b\n---\n", 6)]
    [InlineData("---\ntitle: T\nid: a\nstate: [wip\n---\n# Body\n", 4)]
    [InlineData("---\ntitle: T\nauthor: {name: x\n\n---\n", 3)]
    [InlineData("---\ntitle: T\ntitle: U\n---\n", 3)]
    public void Bad_yaml_is_reported_on_its_file_line(string text, int line)
    {
        var problem = Problem(text);

        Assert.Equal(line, problem.Line);
        Assert.StartsWith("invalid front matter", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Front_matter_that_is_not_a_mapping_is_reported_on_its_first_line()
    {
        Assert.Equal(2, Problem("---\n- a\n- b\n---\n# T\n").Line);
    }

    [Fact]
    public void Empty_front_matter_is_allowed()
    {
        var document = Document("---\n---\n# Title\n");

        Assert.Equal("Title", document.Title);
        Assert.Equal("# Title\n", document.Body);
    }

    [Fact]
    public void Front_matter_may_close_with_three_dots()
    {
        Assert.Equal("T", Document("---\ntitle: T\n...\nBody\n").Title);
    }

    [Fact]
    public void Front_matter_that_is_never_closed_is_reported_on_line_one()
    {
        var problem = Problem("---\ntitle: T\nstate: Validated\n\n# Heading\n\nBody.\n");

        Assert.Equal(1, problem.Line);
        Assert.Contains("---", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_opens_with_a_thematic_break_is_not_unclosed_front_matter()
    {
        var document = Document("---\n\n# Title\n\nText.\n");

        Assert.Equal("Title", document.Title);
        Assert.StartsWith("---", document.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thematic_break_later_in_the_body_is_not_front_matter()
    {
        var document = Document("# Title\n\n---\n\nstate: Archived\n");

        Assert.Null(document.State);
        Assert.Contains("state: Archived", document.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_reported()
    {
        var (document, problem) = ArticleFileParser.Parse("bad.md", [0x23, 0x20, 0x54, 0xC3, 0x28, 0x0A]);

        Assert.Null(document);
        Assert.Equal(new ImportProblem("bad.md", 0, "the file is not valid UTF-8 text"), problem);
        Assert.Equal("bad.md: the file is not valid UTF-8 text", problem!.ToString());
    }

    [Fact]
    public void Crlf_files_parse_like_lf_files()
    {
        const string text = "---\r\ntitle: T\r\nstate: Not Validated\r\ntags: [a]\r\n---\r\n# Heading\r\n\r\n## Issue\r\nBroken.\r\n";

        var document = Document(text);

        Assert.Equal("T", document.Title);
        Assert.Equal(KcsState.NotValidated, document.State);
        Assert.Equal("# Heading\n\n## Issue\nBroken.\n", document.Body);
    }

    [Fact]
    public void Crlf_files_report_the_same_lines()
    {
        Assert.Equal(3, Problem("---\r\ntitle: T\r\nstate: Approved\r\n---\r\n").Line);
    }

    [Fact]
    public void A_byte_order_mark_does_not_hide_the_front_matter()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("---\ntitle: T\nstate: wip\n---\nBody\n")).ToArray();

        var (document, problem) = ArticleFileParser.Parse("bom.md", bytes);

        Assert.Null(problem);
        Assert.Equal("T", document!.Title);
        Assert.Equal(KcsState.Wip, document.State);
        Assert.Equal("Body\n", document.Body);
    }

    [Fact]
    public void The_content_hash_is_the_sha256_of_the_file_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("# Title\r\n");

        var (document, _) = ArticleFileParser.Parse("a.md", bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), document!.ContentHash);
    }

    [Fact]
    public void The_body_is_stripped_of_blank_lines_around_it_and_ends_with_one_newline()
    {
        Assert.Equal("# T\n\nText.\n", Document("---\ntitle: T\n---\n\n\n# T\n\nText.\n\n\n").Body);
    }

    [Fact]
    public void Problems_print_as_file_colon_line()
    {
        Assert.Equal("a.md:3: x", new ImportProblem("a.md", 3, "x").ToString());
    }
}
