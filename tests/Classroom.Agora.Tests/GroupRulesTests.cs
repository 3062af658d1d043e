using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

public sealed class GroupRulesTests
{
    static BreakoutGroupsRequest Parse(string json) => JsonSerializer.Deserialize<BreakoutGroupsRequest>(json, JsonSerializerOptions.Web)!;

    [Fact]
    public void AcceptsAgorasExampleAndGroupsWithoutIdsOrUsers()
    {
        var request = Parse("""{"groups":[{"groupUuid":"group1","groupName":"Group 01","users":[{"userUuid":"user1"}]},{"users":[]}]}""");

        Assert.Empty(request.Validate());
        Assert.Equal("user1", request.Groups![0].Users![0].UserUuid);
    }

    [Theory]
    [InlineData("""{}""", "groups")]
    [InlineData("""{"groups":[]}""", "groups")]
    [InlineData("""{"groups":[{"groupName":"g"}]}""", "groups[0].users")]
    [InlineData("""{"groups":[{"users":[{}]}]}""", "groups[0].users[0].userUuid")]
    [InlineData("""{"groups":[{"users":[{"userUuid":"a/b"}]}]}""", "groups[0].users[0].userUuid")]
    [InlineData("""{"groups":[{"groupUuid":"a/b","users":[]}]}""", "groups[0].groupUuid")]
    [InlineData("""{"groups":[{"groupUuid":"g","users":[]},{"groupUuid":"g","users":[]}]}""", "groups[1].groupUuid")]
    [InlineData("""{"groups":[{"users":[{"userUuid":"u"}]},{"users":[{"userUuid":"u"}]}]}""", "groups[1].users[0].userUuid")]
    [InlineData("""{"groups":[{"groupName":"1234567890123456789012345678901234567890123456789012345678901234","users":[]}]}""", "groups[0].groupName")]
    public void NamesTheFieldOfABadGroup(string json, string field) => Assert.Equal([field], Parse(json).Validate().Keys);

    /// <summary>A user named twice is refused in words that say where: twice in one group is not in another group too.</summary>
    [Theory]
    [InlineData("""{"groups":[{"users":[{"userUuid":"u"},{"userUuid":"u"}]}]}""", "groups[0].users[1].userUuid", "is listed twice in its group")]
    [InlineData("""{"groups":[{"users":[{"userUuid":"u"}]},{"users":[{"userUuid":"u"}]}]}""", "groups[1].users[0].userUuid", "is in another group too")]
    public void SaysWhereAUserNamedTwiceIs(string json, string field, string message) =>
        Assert.Equal([message], Assert.Single(Parse(json).Validate(), e => e.Key == field).Value);

    [Theory]
    [InlineData(GroupRules.MaxGroups, true)]
    [InlineData(GroupRules.MaxGroups + 1, false)]
    public void TakesAtMostAHundredGroups(int count, bool valid)
    {
        var request = new BreakoutGroupsRequest { Groups = [.. Enumerable.Range(0, count).Select(i => new BreakoutGroup { GroupUuid = $"g{i}", Users = [] })] };

        Assert.Equal(valid ? [] : ["groups"], request.Validate().Keys);
    }
}
