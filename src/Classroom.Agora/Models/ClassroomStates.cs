namespace Classroom.Agora.Models;

/// <summary>The <c>{state}</c> of <c>PUT /v2/rooms/{roomUuid}/states/{state}</c>: a class goes 0 → 1 → 2.</summary>
public static class ClassState
{
    public const int NotStarted = 0;
    public const int Started = 1;
    public const int Ended = 2;
}

/// <summary>The <c>{state}</c> of <c>PUT /v2/rooms/{roomUuid}/records/states/{state}</c>.</summary>
public static class RecordingCommand
{
    public const int Stop = 0;
    public const int Start = 1;
}
