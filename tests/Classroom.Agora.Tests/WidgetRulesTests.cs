using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

public sealed class WidgetRulesTests
{
    static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!;

    [Theory]
    [InlineData("""{"extra":{"title":"Quiz","items.count":3},"state":1,"ownerUserUuid":"teacher-1","cause":{}}""")]
    [InlineData("""{"state":0}""")]
    [InlineData("""{"ownerUserUuid":"t"}""")]
    public void AcceptsSaneWidgetSettings(string json) => Assert.Empty(Parse<SetWidgetRequest>(json).Validate());

    [Theory]
    [InlineData("""{}""", "body")]
    [InlineData("""{"cause":{}}""", "body")]
    [InlineData("""{"extra":{}}""", "body")]
    [InlineData("""{"state":2}""", "state")]
    [InlineData("""{"ownerUserUuid":"a/b"}""", "ownerUserUuid")]
    [InlineData("""{"extra":{"a..b":1}}""", "extra.a..b")]
    [InlineData("""{"state":1,"cause":3}""", "cause")]
    public void NamesTheFieldOfABadWidgetSetting(string json, string field) => Assert.Equal([field], Parse<SetWidgetRequest>(json).Validate().Keys);

    /// <summary>A widget's <c>extra</c> holds at most as many properties as one properties call, on the widget and on a user of it.</summary>
    [Theory]
    [InlineData(PropertyRules.MaxKeys, true)]
    [InlineData(PropertyRules.MaxKeys + 1, false)]
    public void AWidgetsExtraHoldsAtMostAHundredProperties(int count, bool valid)
    {
        var extra = "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"k{i}\":{i}")) + "}";

        Assert.Equal(valid ? [] : ["extra"], Parse<SetWidgetRequest>($$"""{"extra":{{extra}}}""").Validate().Keys);
        Assert.Equal(valid ? [] : ["extra"], Parse<SetWidgetUserRequest>($$"""{"extra":{{extra}}}""").Validate().Keys);
    }

    [Theory]
    [InlineData("""{}""", "extra")]
    [InlineData("""{"extra":{}}""", "extra")]
    [InlineData("""{"extra":{"":1}}""", "extra.")]
    public void AWidgetUserSettingNeedsProperties(string json, string field) => Assert.Equal([field], Parse<SetWidgetUserRequest>(json).Validate().Keys);

    [Theory]
    [InlineData("""{}""", "extra")]
    [InlineData("""{"extra":[]}""", "extra")]
    [InlineData("""{"extra":["a","b..c"]}""", "extra[1]")]
    public void AWidgetDeletionNeedsKeys(string json, string field) => Assert.Equal([field], Parse<DeleteWidgetPropertiesRequest>(json).Validate().Keys);

    [Fact]
    public void AWidgetIsDeletedWithOrWithoutACause()
    {
        Assert.Empty(Parse<DeleteWidgetRequest>("""{}""").Validate());
        Assert.Empty(Parse<DeleteWidgetRequest>("""{"cause":{"why":"done"}}""").Validate());
        Assert.Equal(["cause"], Parse<DeleteWidgetRequest>("""{"cause":"done"}""").Validate().Keys);
    }
}
