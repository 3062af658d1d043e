namespace Classroom.Agora.Tests.Tokens;

internal enum EducationTokenKind
{
    RoomUser,
    User,
    App,
}
