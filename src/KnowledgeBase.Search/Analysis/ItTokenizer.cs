using System.Globalization;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeBase.Search.Analysis;

/// <summary>
/// Splits IT prose into tokens that keep technical identifiers whole and also searchable by their parts:
/// <c>outlook.exe</c>, <c>ERR_SSL_PROTOCOL_ERROR</c>, <c>10.0.19045</c>, <c>S-1-5-18</c> are emitted whole and then
/// part by part (the first part at the whole's position, so phrases over the parts still line up);
/// <c>KB5034441</c> also yields <c>kb</c> and <c>5034441</c> so "KB 5034441" matches; a model number with a variant
/// letter (<c>ZD421t</c>, <c>T480s</c>) also yields its base model (<c>zd421</c>, <c>t480</c>); <c>0x80070005</c> is reduced to
/// <c>80070005</c> so codes match with or without the prefix; apostrophes vanish (<c>won't</c> → <c>wont</c>) because
/// hurried technicians drop them. Terms are lower-cased here because splitting needs the original case first.
/// </summary>
/// <remarks>
/// The whole input is read into one buffer: articles are at most a few hundred kilobytes and scanning a flat array
/// keeps the per-token cost (the dominant cost of indexing) free of allocations.
/// </remarks>
internal sealed class ItTokenizer : Tokenizer
{
    public const string TypeWord = "<word>";
    public const string TypeCompound = "<compound>";
    public const string TypePart = "<part>";
    public const string TypeHex = "<hex>";

    // Longer runs are base64 blobs, hashes or minified code: no one searches for them whole.
    private const int MaxWholeLength = 128;
    private const int MaxPartLength = 64;
    // Longer letter tails after a model number are words of their own run together (sha256sum), not a variant.
    private const int MaxModelSuffix = 3;

    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private readonly ITypeAttribute _type;
    private readonly IKeywordAttribute _keyword;

    private char[] _buffer = new char[4096];
    private int _length;
    private int _cursor;

    // Tokens produced from one raw run, emitted one per IncrementToken call.
    private char[] _scratch = new char[256];
    private readonly List<Pending> _pending = [];
    private int _pendingIndex;

    // The highlighter's gate: runs none of whose tokens can analyse to one of its terms are skipped whole, before
    // their tokens are made (RunMayMatch); null for indexing and queries.
    private TermPrefixes? _gate;

    private readonly record struct Pending(int TextStart, int TextLength, int StartOffset, int EndOffset, int PositionIncrement, string Type, bool Keyword);

    public ItTokenizer(TextReader input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
        _type = AddAttribute<ITypeAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        ClearAttributes();
        while (_pendingIndex >= _pending.Count)
        {
            _pending.Clear();
            _pendingIndex = 0;
            if (!NextRun(out var start, out var end, out var hasConnector, out var hasApostrophe)) return false;
            if (_gate is null || RunMayMatch(_gate, start, end, hasConnector, hasApostrophe)) Expand(start, end, hasConnector, hasApostrophe);
        }
        var p = _pending[_pendingIndex++];
        _term.CopyBuffer(_scratch, p.TextStart, p.TextLength);
        _offset.SetOffset(CorrectOffset(p.StartOffset), CorrectOffset(p.EndOffset));
        _positionIncrement.PositionIncrement = p.PositionIncrement;
        _type.Type = p.Type;
        _keyword.IsKeyword = p.Keyword;
        return true;
    }

    /// <summary>
    /// From now on, skip the runs none of whose tokens <paramref name="gate"/> admits (it is read, not copied, on every
    /// run); null turns the gate off.
    /// </summary>
    internal void GateRuns(TermPrefixes? gate) => _gate = gate;

    /// <summary>
    /// Whether the gate may admit a token of the run. A plain word is one token, the run lower-cased. Without its
    /// apostrophe ("o'clock" → "oclock") only the first character is sure to stay in place. Identifiers and codes also
    /// have tokens starting after a connector, after "0x" or at the digits after letters (kb5034441 → 5034441), so for
    /// runs with a connector or a digit any character that starts a term counts.
    /// </summary>
    private bool RunMayMatch(TermPrefixes gate, int start, int end, bool hasConnector, bool hasApostrophe)
    {
        var run = _buffer.AsSpan(start, end - start);
        if (!hasConnector && run.IndexOfAnyInRange('0', '9') < 0)
        {
            if (hasApostrophe) return gate.AdmitsFirst(Lower(run[0]));
            return run.Length == 1 ? gate.Admits([Lower(run[0])]) : gate.Admits([Lower(run[0]), Lower(run[1])]);
        }
        foreach (var c in run)
            if (gate.AdmitsFirst(Lower(c))) return true;
        return false;

        // Beyond ASCII characters stay as they are: the gate admits them all.
        static char Lower(char c) => char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
    }

    public override void End()
    {
        base.End();
        var final = CorrectOffset(_length);
        _offset.SetOffset(final, final);
    }

    public override void Reset()
    {
        base.Reset();
        _length = 0;
        _cursor = 0;
        _pending.Clear();
        _pendingIndex = 0;
        int read;
        while ((read = m_input.Read(_buffer, _length, _buffer.Length - _length)) > 0)
        {
            _length += read;
            if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }

    private bool NextRun(out int start, out int end, out bool hasConnector, out bool hasApostrophe)
    {
        var buffer = _buffer;
        var length = _length;
        var i = _cursor;
        hasConnector = false;
        hasApostrophe = false;
        // ASCII letters and digits are tested inline: this loop sees every character of every text analysed.
        while (i < length)
        {
            var c = buffer[i];
            if (c < 128 ? char.IsAsciiLetterOrDigit(c) : WordCharWidth(buffer, i, length) > 0) break;
            i++;
        }
        start = i;
        if (i >= length)
        {
            end = i;
            _cursor = i;
            return false;
        }
        while (i < length)
        {
            var c = buffer[i];
            if (c < 128)
            {
                if (char.IsAsciiLetterOrDigit(c)) { i++; continue; }
            }
            else
            {
                var width = WordCharWidth(buffer, i, length);
                if (width > 0) { i += width; continue; }
            }
            if (c is '.' or '_' or '-' && i + 1 < length && WordCharWidth(buffer, i + 1, length) > 0)
            {
                hasConnector = true;
                i++;
                continue;
            }
            if (c is '\'' or '\u2019' && i + 1 < length && char.IsLetter(buffer[i + 1]) && char.IsLetter(buffer[i - 1]))
            {
                hasApostrophe = true;
                i++;
                continue;
            }
            // Administrative shares (c$, admin$) are written and searched with the dollar.
            if (c == '$' && (i + 1 >= length || WordCharWidth(buffer, i + 1, length) == 0)) i++;
            break;
        }
        end = i;
        _cursor = i;
        return true;
    }

    private static int WordCharWidth(char[] buffer, int i, int length)
    {
        var c = buffer[i];
        if (c < 128) return char.IsAsciiLetterOrDigit(c) ? 1 : 0;
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < length && char.IsLowSurrogate(buffer[i + 1]) && Rune.IsLetterOrDigit(new Rune(c, buffer[i + 1]))) return 2;
            return 0;
        }
        if (char.IsLetterOrDigit(c)) return 1;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark && i > 0 && char.IsLetterOrDigit(buffer[i - 1]) ? 1 : 0;
    }

    private void Expand(int start, int end, bool hasConnector, bool hasApostrophe)
    {
        var length = end - start;
        EnsureScratch(length * 3 + 8);
        // Lower-cased copy without apostrophes; offsets into the scratch map one to one onto the input unless an
        // apostrophe was dropped, in which case parts fall back to the whole run's offsets.
        var n = 0;
        for (var i = start; i < end; i++)
        {
            var c = _buffer[i];
            if (c is '\'' or '\u2019') continue;
            _scratch[n++] = char.ToLowerInvariant(c);
        }
        var exactOffsets = !hasApostrophe;

        if (IsHex(_scratch, 0, n))
        {
            if (n - 2 <= MaxWholeLength) Add(2, n - 2, start, end, 1, TypeHex, true);
            return;
        }
        if (hasConnector)
        {
            ExpandCompound(n, start, end, exactOffsets);
            return;
        }
        if (n > MaxWholeLength) return;
        var letters = LeadingLetters(_scratch, 0, n);
        if (letters >= 2 && letters < n && AllDigits(_scratch, letters, n - letters))
        {
            // kb5034441, win7, ipv6: whole, then the letters and the number as if written apart.
            Add(0, n, start, end, 1, TypeCompound, true);
            Add(0, letters, start, exactOffsets ? start + letters : end, 0, TypePart, false);
            Add(letters, n - letters, exactOffsets ? start + letters : start, end, 1, TypePart, true);
            return;
        }
        var digits = LeadingDigits(_scratch, letters, n - letters);
        var suffix = n - letters - digits;
        if (letters >= 1 && digits >= 1 && suffix is >= 1 and <= MaxModelSuffix && AllLetters(_scratch, letters + digits, suffix))
        {
            // ZD421t, T480s, M404dn: a model number with a variant suffix, also found by its base model (zd421, t480);
            // the base spans the whole run, so a search for the base highlights the model as written.
            Add(0, n, start, end, 1, TypeCompound, true);
            Add(0, letters + digits, start, end, 0, TypePart, true);
            return;
        }
        Add(0, n, start, end, 1, TypeWord, letters != n);
    }

    private void ExpandCompound(int n, int start, int end, bool exactOffsets)
    {
        var emittedWhole = false;
        if (n <= MaxWholeLength)
        {
            Add(0, n, start, end, 1, TypeCompound, true);
            emittedWhole = true;
        }
        var onlyHyphens = true;
        var allAlpha = true;
        var parts = 0;
        var partStart = 0;
        var catenatedStart = n;
        var catenatedLength = 0;
        var firstPart = true;
        for (var i = 0; i <= n; i++)
        {
            if (i < n && _scratch[i] is not ('.' or '_' or '-')) continue;
            if (i < n && _scratch[i] != '-') onlyHyphens = false;
            var partLength = i - partStart;
            if (partLength > 0 && partLength <= MaxPartLength)
            {
                var partStartOffset = exactOffsets ? start + partStart : start;
                var partEndOffset = exactOffsets ? start + i : end;
                var positionIncrement = firstPart && emittedWhole ? 0 : 1;
                var letters = LeadingLetters(_scratch, partStart, partLength);
                if (letters != partLength) allAlpha = false;
                if (IsHex(_scratch, partStart, partLength))
                    Add(partStart + 2, partLength - 2, partStartOffset, partEndOffset, positionIncrement, TypePart, true);
                else
                    Add(partStart, partLength, partStartOffset, partEndOffset, positionIncrement, TypePart, letters != partLength);
                firstPart = false;
                parts++;
            }
            partStart = i + 1;
        }
        // multi-factor, e-mail, sign-in: also as one word, the way people often type them.
        if (onlyHyphens && allAlpha && parts is >= 2 and <= 4)
        {
            catenatedStart = n + 1;
            for (var i = 0; i < n; i++)
            {
                if (_scratch[i] == '-') continue;
                _scratch[catenatedStart + catenatedLength++] = _scratch[i];
            }
            Add(catenatedStart, catenatedLength, start, end, 0, TypePart, false);
        }
    }

    private void Add(int textStart, int textLength, int startOffset, int endOffset, int positionIncrement, string type, bool keyword) =>
        _pending.Add(new Pending(textStart, textLength, startOffset, endOffset, positionIncrement, type, keyword));

    private void EnsureScratch(int size)
    {
        if (_scratch.Length < size) _scratch = new char[Math.Max(size, _scratch.Length * 2)];
    }

    private static bool IsHex(char[] text, int start, int length)
    {
        if (length < 3 || text[start] != '0' || text[start + 1] != 'x') return false;
        for (var i = start + 2; i < start + length; i++)
            if (!char.IsAsciiHexDigit(text[i])) return false;
        return true;
    }

    private static int LeadingLetters(char[] text, int start, int length)
    {
        var i = 0;
        while (i < length && char.IsLetter(text[start + i])) i++;
        return i;
    }

    private static int LeadingDigits(char[] text, int start, int length)
    {
        var i = 0;
        while (i < length && char.IsAsciiDigit(text[start + i])) i++;
        return i;
    }

    private static bool AllLetters(char[] text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
            if (!char.IsLetter(text[i])) return false;
        return length > 0;
    }

    private static bool AllDigits(char[] text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
            if (!char.IsAsciiDigit(text[i])) return false;
        return length > 0;
    }
}
