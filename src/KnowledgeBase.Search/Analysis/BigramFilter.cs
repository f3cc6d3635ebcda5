using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeBase.Search.Analysis;

/// <summary>
/// After each word, also emits the pair "_previous word" at the same position (type <see cref="TypeBigram"/>)
/// when at most two stop words stood between them. Pairs are what makes "already exists" or "download file" cheap to
/// find among 100,000 articles where each word alone is in most of them, and they give the proximity bonus as a plain
/// term lookup. They come out of the same analysis pass as the words, so indexing reads the text once.
/// </summary>
internal sealed class BigramFilter : TokenFilter
{
    public const string TypeBigram = "<bigram>";
    /// <summary>Starts every pair, so pairs sort apart from words in the terms dictionary and fuzzy or prefix
    /// enumeration over words (which fixes the first letter) never walks through them.</summary>
    public const char Prefix = '_';
    public const char Separator = ' ';
    public const int MaxGap = 3;

    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private readonly ITypeAttribute _type;
    private readonly IKeywordAttribute _keyword;
    private char[] _previous = new char[64];
    private int _previousLength;
    private char[] _pending = new char[128];
    private int _pendingLength;
    private bool _hasPending;
    private int _position;
    // The last position the previous word covers (an identifier's parts follow it at later positions).
    private int _previousLastPosition = int.MinValue;

    private readonly int _maxPairs;
    private int _pairs;

    /// <param name="maxPairs">Pairs are emitted for the first this many words only (the title, symptoms and cause
    /// come first in the all-text field); pairs double the cost of indexing, and most of their value is there.</param>
    public BigramFilter(TokenStream input, int maxPairs = int.MaxValue) : base(input)
    {
        _maxPairs = maxPairs;
        _term = AddAttribute<ICharTermAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_hasPending)
        {
            // Same offsets as the word it follows; only the term, type and position increment differ.
            _hasPending = false;
            _term.CopyBuffer(_pending, 0, _pendingLength);
            _positionIncrement.PositionIncrement = 0;
            _type.Type = TypeBigram;
            _keyword.IsKeyword = true;
            return true;
        }
        if (!m_input.IncrementToken()) return false;
        _position += _positionIncrement.PositionIncrement;
        if (_type.Type == ItTokenizer.TypePart)
        {
            _previousLastPosition = Math.Max(_previousLastPosition, _position);
            return true;
        }
        // Only plain words pair up: codes, numbers and identifiers are rare enough to find articles alone, and
        // their pairs would be mostly unique terms that cost indexing time and help no query.
        if (_type.Type != ItTokenizer.TypeWord || _keyword.IsKeyword)
        {
            _previousLength = 0;
            _previousLastPosition = _position;
            return true;
        }
        var length = _term.Length;
        var buffer = _term.Buffer;
        if (_previousLength > 0 && _position - _previousLastPosition <= MaxGap && _position > _previousLastPosition && _pairs++ < _maxPairs)
        {
            _pendingLength = 1 + _previousLength + 1 + length;
            if (_pending.Length < _pendingLength) _pending = new char[_pendingLength * 2];
            _pending[0] = Prefix;
            Array.Copy(_previous, 0, _pending, 1, _previousLength);
            _pending[1 + _previousLength] = Separator;
            Array.Copy(buffer, 0, _pending, _previousLength + 2, length);
            _hasPending = true;
        }
        if (_previous.Length < length) _previous = new char[length * 2];
        Array.Copy(buffer, 0, _previous, 0, length);
        _previousLength = length;
        _previousLastPosition = _position;
        return true;
    }

    /// <summary>The indexed term for two words (already analysed).</summary>
    public static string PairTerm(string first, string second) => $"{Prefix}{first}{Separator}{second}";

    public override void Reset()
    {
        base.Reset();
        _previousLength = 0;
        _hasPending = false;
        _position = 0;
        _pairs = 0;
        _previousLastPosition = int.MinValue;
    }
}
