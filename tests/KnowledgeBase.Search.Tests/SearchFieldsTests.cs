using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Indexing;
using Lucene.Net.Index;

namespace KnowledgeBase.Search.Tests;

/// <summary>Each index field has one definition (SearchFields): the mapper writes what search reads, and nothing else.</summary>
public sealed class SearchFieldsTests
{
    private static SearchDocument Sample(string id, string title, string issue, string body) =>
        new(id, title, issue, "Windows 11 23H2, Outlook 365", "Run `sfc /scannow` then reboot.", "A stale profile.", body,
            ["outlook", "mfa-prompt"], ["email-outlook", "identity"], KcsState.Validated, Audience.Customer, "user:7",
            new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), 4, 3);

    [Fact]
    public void Every_term_of_a_field_folded_into_the_text_is_a_term_of_the_text_in_the_same_segment()
    {
        using var index = new TestIndex(null,
            Sample("a", "Outlook keeps prompting for password after MFA — Microsoft 365", "Error 0x80070005: access denied at C:\\Users\\ana\\AppData", "More words."),
            Sample("b", "VPN drops on hotel Wi-Fi (error 809)", "The IKEv2 tunnel stops; event 20227 in the log.", "Printers, spoolers and zebradriver."));
        Assert.NotEmpty(SearchFields.PartsOfText);

        using var lease = index.Index.Acquire();
        foreach (var leaf in lease.Searcher.IndexReader.Leaves)
        {
            var text = leaf.AtomicReader.GetTerms(SearchFields.Text)!.GetEnumerator();
            foreach (var field in SearchFields.PartsOfText)
            {
                var terms = leaf.AtomicReader.GetTerms(field)!.GetEnumerator();
                var count = 0;
                while (terms.MoveNext())
                {
                    count++;
                    Assert.True(text.SeekExact(terms.Term), $"'{terms.Term.Utf8ToString()}' of {field} is not a term of {SearchFields.Text}");
                }
                Assert.True(count > 0, $"{field} has no terms");
            }
        }
    }

    [Fact]
    public void A_mapped_document_carries_only_the_fields_search_reads()
    {
        var fields = DocumentMapper.Map(Sample("a", "Outlook prompts", "It prompts.", new string('x', 9000) + " tail"))
            .Fields.Select(f => f.Name).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(new[]
        {
            SearchFields.AudienceNumber, SearchFields.CategoriesValue, SearchFields.CategoryFacet, SearchFields.Id, SearchFields.IdValue,
            SearchFields.Issue, SearchFields.OwnerFacet, SearchFields.Reuse, SearchFields.SnippetHead, SearchFields.SnippetLength,
            SearchFields.SnippetRest, SearchFields.Spell, SearchFields.StateFacet, SearchFields.StateNumber, SearchFields.TagFacet,
            SearchFields.TagsValue, SearchFields.Text, SearchFields.Title, SearchFields.TitleValue, SearchFields.Updated, SearchFields.Version,
        }.Order(StringComparer.Ordinal), fields);
    }

    [Fact]
    public void A_client_article_carries_each_clients_key_for_the_filter_and_the_names_for_its_chip()
    {
        var doc = DocumentMapper.Map(Sample("a", "Outlook prompts", "It prompts.", "Body.") with { Clients = [" Contoso  Ltd", "Fabrikam"] });
        Assert.Equal(["contoso ltd", "fabrikam"], doc.GetFields(SearchFields.ClientFacet).Select(f => f.GetBinaryValue().Utf8ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(" Contoso  Ltd" + SearchFields.ListSeparator + "Fabrikam", Assert.Single(doc.GetFields(SearchFields.ClientsValue)).GetBinaryValue().Utf8ToString());
    }

    [Fact]
    public void Numbers_are_doc_values_only_never_stored_twice()
    {
        var doc = DocumentMapper.Map(Sample("a", "Outlook prompts", "It prompts.", "Body."));

        foreach (var name in new[] { SearchFields.Updated, SearchFields.Reuse, SearchFields.Version, SearchFields.StateNumber, SearchFields.AudienceNumber })
            Assert.All(doc.GetFields(name), f => Assert.False(f.IndexableFieldType.IsStored, $"{name} is stored"));
    }
}
