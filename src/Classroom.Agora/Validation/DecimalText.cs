using System.Globalization;

namespace Classroom.Agora.Validation;

/// <summary>
/// A whole number sent as text (a path segment, a query value), read as Agora writes it: decimal digits alone, with no
/// sign, no white space and no leading zero. <c>007</c> is 7 to one reader, octal to another and an error to a third;
/// what the gateway checked must be the number Agora is sent.
/// </summary>
public static class DecimalText
{
    /// <summary>
    /// What <see cref="TryParse"/> takes, as a JSON Schema pattern: 0 to 2147483647 (<see cref="int.MaxValue"/>), spelled
    /// out digit by digit for the ten-digit numbers, so that a client generated from the document does not send 2147483648.
    /// </summary>
    public const string Pattern = "^(0|[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}"
        + "|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]|214748364[0-7])$";

    public static bool TryParse(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
        && text == value.ToString(CultureInfo.InvariantCulture);
}
