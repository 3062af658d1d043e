using System.Globalization;
using System.Text;

namespace Classroom.Agora.Validation;

/// <summary>
/// Strict percent-decoding of a request target's text as UTF-8 (RFC 3986 §2.1, §2.5). ASP.NET Core's decoders are
/// lenient: an escape that is malformed (<c>%G1</c>, a <c>%</c> at the end) or whose bytes are no UTF-8 (<c>%FF</c>) is
/// kept as text, so <c>q%FFz</c> reads as the id that <c>q%25FFz</c> spells and one id has two addresses.
/// </summary>
public static class PercentEncoding
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// <paramref name="encoded"/> decoded; null when an escape is malformed, the bytes are no UTF-8, or the text holds
    /// other than ASCII, which a request target sends only escaped.
    /// </summary>
    public static string? Decode(ReadOnlySpan<char> encoded)
    {
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            if (!char.IsAscii(encoded[i]))
            {
                return null;
            }
            if (encoded[i] != '%')
            {
                bytes[length++] = (byte)encoded[i];
            }
            else if (i + 2 < encoded.Length
                && byte.TryParse(encoded.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var escaped))
            {
                bytes[length++] = escaped;
                i += 2;
            }
            else
            {
                return null;
            }
        }
        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
