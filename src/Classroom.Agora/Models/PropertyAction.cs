namespace Classroom.Agora.Models;

/// <summary>The <c>action</c> of a property change event (cmds 5, 23, 1110).</summary>
public static class PropertyAction
{
    public const int Set = 1;
    public const int Deleted = 2;
}
