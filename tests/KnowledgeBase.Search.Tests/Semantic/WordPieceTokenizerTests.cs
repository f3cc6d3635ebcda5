using KnowledgeBase.Search.Semantic;

namespace KnowledgeBase.Search.Tests.Semantic;

public sealed class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer = new(
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "outlook", "asks", "for", "password", "again", "print", "##er", "sp", "##ool", ".", ",", "cafe", "x", "-"]);

    [Fact]
    public void Newlines_and_tabs_separate_words_like_spaces()
    {
        Assert.Equal(["outlook", "asks", "for", "password"], Tokenizer.Pieces("Outlook\nasks\tfor\r\npassword"));
    }

    [Fact]
    public void Punctuation_is_a_piece_of_its_own_and_accents_are_dropped()
    {
        Assert.Equal(["outlook", ",", "cafe", "."], Tokenizer.Pieces("Outlook, Café."));
    }

    [Fact]
    public void Words_are_split_into_the_longest_known_pieces()
    {
        Assert.Equal(["print", "##er", "sp", "##ool", "##er"], Tokenizer.Pieces("printer spooler"));
    }

    [Fact]
    public void A_word_the_vocabulary_cannot_spell_is_one_unknown_piece()
    {
        Assert.Equal(["outlook", "[UNK]", "again"], Tokenizer.Pieces("outlook zzz again"));
    }

    [Fact]
    public void A_long_text_is_cut_at_a_whole_word_and_keeps_its_end_marker()
    {
        // [CLS] outlook asks for print ##er | sp ##ool ##er would not fit in 8.
        var ids = Tokenizer.Encode("outlook asks printer spooler", 8);

        Assert.True(ids.Length <= 8);
        Assert.Equal(Tokenizer.ClassificationId, ids[0]);
        Assert.Equal(Tokenizer.SeparatorId, ids[^1]);
        Assert.Equal(6, ids.Length);
    }
}
