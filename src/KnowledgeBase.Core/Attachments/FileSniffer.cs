using System.Text;

namespace KnowledgeBase.Core.Attachments;

/// <summary>
/// Decides what a file is from its bytes, read once as they stream in: the signature at its start for binary formats,
/// and for anything else whether the whole of it is UTF-8 text (SVG is text that starts an &lt;svg&gt; element). The name
/// it was uploaded with plays no part: a page named photo.png is text, an executable named notes.txt is refused.
/// </summary>
public sealed class FileSniffer
{
    private const int HeadLength = 4096;
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ElfSignature = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
    private readonly byte[] _head = new byte[HeadLength];
    private readonly Decoder _utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _scratch = new char[HeadLength * 2];
    private int _headLength;
    private bool _isText = true;

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        var toHead = Math.Min(bytes.Length, HeadLength - _headLength);
        if (toHead > 0)
        {
            bytes[..toHead].CopyTo(_head.AsSpan(_headLength));
            _headLength += toHead;
        }
        Length += bytes.Length;
        if (!_isText) return;
        if (HasForbiddenControl(bytes))
        {
            _isText = false;
            return;
        }
        try
        {
            for (var offset = 0; offset < bytes.Length; offset += HeadLength)
            {
                var piece = bytes.Slice(offset, Math.Min(HeadLength, bytes.Length - offset));
                _utf8.GetChars(piece, _scratch, flush: false);
            }
        }
        catch (DecoderFallbackException)
        {
            _isText = false;
        }
    }

    /// <summary>The kind of the bytes appended so far, or null when it is not a kind we accept (<see cref="RefusalReason"/> says why).</summary>
    public FileKind? Result()
    {
        var head = _head.AsSpan(0, _headLength);
        if (Length == 0) return null;
        if (head.StartsWith(PngSignature)) return FileKind.Png;
        if (head.StartsWith(JpegSignature)) return FileKind.Jpeg;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return FileKind.Gif;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return FileKind.WebP;
        if (head.StartsWith("%PDF-"u8)) return FileKind.Pdf;
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8)) return FileKind.Zip;
        if (!_isText || !FinishText()) return null;
        return LooksLikeSvg(head) ? FileKind.Svg : FileKind.Text;
    }

    /// <summary>Why <see cref="Result"/> is null, in words for the person who uploaded it.</summary>
    public string RefusalReason()
    {
        var head = _head.AsSpan(0, _headLength);
        if (Length == 0) return "The file is empty.";
        if (head.StartsWith("MZ"u8)) return "Programs (Windows executables) are not accepted.";
        if (head.StartsWith(ElfSignature)) return "Programs (Linux executables) are not accepted.";
        return "This type of file is not accepted. Accepted: images (PNG, JPEG, GIF, WebP), SVG drawings, PDF, ZIP and Office documents, and text files (logs, scripts, CSV, JSON).";
    }

    // Text has tabs, line breaks, form feeds and (in coloured logs) escapes; any other control byte means binary.
    private static bool HasForbiddenControl(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOfAnyInRange((byte)0, (byte)0x1F) < 0) return false;
        foreach (var b in bytes)
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1B)) return true;
        return false;
    }

    private bool FinishText()
    {
        try
        {
            _utf8.GetChars([], _scratch, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head);
        return text.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }
}
