using System.Text;
using KnowledgeBase.Core.Attachments;

namespace KnowledgeBase.Core.Tests.Attachments;

public sealed class FileSnifferTests
{
    private static FileKind? Sniff(byte[] bytes, int pieceSize = 7)
    {
        var sniffer = new FileSniffer();
        // Fed in small pieces, as a stream arrives: a UTF-8 character split across pieces is still text.
        for (var offset = 0; offset < bytes.Length; offset += pieceSize)
            sniffer.Append(bytes.AsSpan(offset, Math.Min(pieceSize, bytes.Length - offset)));
        return sniffer.Result();
    }

    public static TheoryData<string, string?> Samples() => new()
    {
        { "89504E470D0A1A0A0000000D49484452", "image/png" },
        { "FFD8FFE000104A464946", "image/jpeg" },
        { "474946383961010001", "image/gif" },
        { "524946461A000000574542505650384C", "image/webp" },
        { "255044462D312E370A", "application/pdf" },
        { "504B0304140006000800", "application/zip" },
        { "4D5A90000300000004000000", null },        // a Windows program, whatever its name
        { "7F454C46020101000000", null },            // a Linux program
        { "00010203FFFE", null },                    // unknown binary
        { "", null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_kind_comes_from_the_leading_bytes(string hex, string? mediaType) =>
        Assert.Equal(mediaType, Sniff(Convert.FromHexString(hex))?.MediaType);

    [Fact]
    public void Utf8_text_is_text_and_an_svg_is_an_svg_but_invalid_utf8_is_refused()
    {
        Assert.Equal(FileKind.Text, Sniff(Encoding.UTF8.GetBytes("2026-12-06 ERROR Überprüfung fehlgeschlagen — 0x800CCC0F\r\n\tat Outlook\n")));
        Assert.Equal(FileKind.Text, Sniff(Encoding.UTF8.GetBytes("<!doctype html><script>alert(1)</script>")));
        Assert.Equal(FileKind.Svg, Sniff(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")));
        Assert.Null(Sniff([0x68, 0x69, 0xC3, 0x28]));
    }

    [Theory]
    [InlineData("Outlook prompt.png", "png", "Outlook prompt.png")]
    [InlineData("photo.JPEG", "jpg", "photo.jpeg")]
    [InlineData("report.html", "txt", "report.html.txt")]
    [InlineData("../../etc/passwd", "txt", "passwd.txt")]
    [InlineData("fix<script>.ps1", "txt", "fix_script_.ps1")]
    [InlineData("", "png", "image.png")]
    [InlineData("budget.xlsx", "zip", "budget.xlsx")]
    [InlineData("evil.exe", "zip", "evil.exe.zip")]
    public void A_download_name_keeps_an_extension_only_when_it_fits_the_content(string uploaded, string kindExtension, string expected) =>
        Assert.Equal(expected, FileKind.All.First(k => k.Extension == kindExtension).DownloadName(uploaded));

    [Fact]
    public void The_links_of_a_text_are_found_once_each_with_the_name_they_are_linked_under()
    {
        var a = new string('a', 64);
        var b = new string('b', 64);
        var markdown = $"![shot](/attachments/{a}/shot%20one.png) and [log](/attachments/{b}/trace.log) and again ![x](/attachments/{a}/x.png) but not /attachments/{new string('c', 65)}";
        Assert.Equal([a, b], AttachmentLinks.In(markdown));
        Assert.Equal("shot one.png", AttachmentLinks.NamesIn(markdown)[a]);
        Assert.Equal($"[trace.log](/attachments/{b}/trace.log)", AttachmentLinks.Markdown(b, "trace.log", FileKind.Text));
        Assert.Equal($"![shot one](/attachments/{a}/shot%20one.png)", AttachmentLinks.Markdown(a, "shot one.png", FileKind.Png));
    }
}
