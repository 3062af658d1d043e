using System.Globalization;

namespace Classroom.Agora.Validation;

/// <summary>
/// A whole number sent as text (a path segment, a query value), read as Agora writes it: decimal digits alone, with no
/// sign, no white space and no leading zero. <c>007</c> is 7 to one reader, octal to another and an error to a third;
/// what the gateway checked must be the number Agora is sent.
/// </summary>
public static class DecimalText
{
    public static bool TryParse(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
        && text == value.ToString(CultureInfo.InvariantCulture);
}
