using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

public sealed class PropertyRulesTests
{
    static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!;

    [Fact]
    public void AcceptsAgorasExampleWithNestedKeysAndAnyValues()
    {
        var request = Parse<SetPropertiesRequest>("""{"properties":{"key1":"value1","flexProps.quiz":{"open":true},"n":[1,2]},"cause":{}}""");

        Assert.Empty(request.Validate());
        Assert.Equal(JsonValueKind.Object, request.Properties!["flexProps.quiz"].ValueKind);
        Assert.Equal(JsonValueKind.Object, request.Cause!.Value.ValueKind);
    }

    [Theory]
    [InlineData("""{}""", "properties")]
    [InlineData("""{"properties":{}}""", "properties")]
    [InlineData("""{"properties":{"a..b":1}}""", "properties.a..b")]
    [InlineData("""{"properties":{".a":1}}""", "properties..a")]
    [InlineData("""{"properties":{"a.":1}}""", "properties.a.")]
    [InlineData("""{"properties":{"a":1},"cause":"because"}""", "cause")]
    [InlineData("""{"properties":{"a":1},"cause":[1]}""", "cause")]
    public void NamesTheFieldOfABadSet(string json, string field) =>
        Assert.Equal([field], Parse<SetPropertiesRequest>(json).Validate().Keys);

    [Fact]
    public void BoundsKeysInLengthDepthAndNumber()
    {
        var tooLong = new SetPropertiesRequest { Properties = new Dictionary<string, JsonElement> { [new string('k', 257)] = default } };
        var tooDeep = new SetPropertiesRequest { Properties = new Dictionary<string, JsonElement> { [string.Join('.', Enumerable.Repeat("k", 17))] = default } };
        var deepEnough = new SetPropertiesRequest { Properties = new Dictionary<string, JsonElement> { [string.Join('.', Enumerable.Repeat("k", 16))] = default } };
        var tooMany = new SetPropertiesRequest { Properties = Enumerable.Range(0, 101).ToDictionary(i => $"k{i}", _ => default(JsonElement)) };

        Assert.NotEmpty(tooLong.Validate());
        Assert.NotEmpty(tooDeep.Validate());
        Assert.Empty(deepEnough.Validate());
        Assert.Equal(["properties"], tooMany.Validate().Keys);
    }

    [Theory]
    [InlineData("""{"properties":["key1","a.b"],"cause":{}}""")]
    [InlineData("""{"properties":["key1"]}""")]
    public void AcceptsSaneDeletes(string json) => Assert.Empty(Parse<DeletePropertiesRequest>(json).Validate());

    [Theory]
    [InlineData("""{}""", "properties")]
    [InlineData("""{"properties":[]}""", "properties")]
    [InlineData("""{"properties":["ok",""]}""", "properties[1]")]
    [InlineData("""{"properties":["a..b"]}""", "properties[0]")]
    public void NamesTheFieldOfABadDelete(string json, string field) =>
        Assert.Equal([field], Parse<DeletePropertiesRequest>(json).Validate().Keys);

    /// <summary>
    /// A list that breaks the key rule a thousand times names the first <see cref="FieldErrors.MaxFields"/> fields, and the
    /// body says there were more, for the gateway's answer and the emulator's alike.
    /// </summary>
    [Fact]
    public void NamesAtMostTwoHundredFieldsAndSaysThereWereMore()
    {
        var request = new DeletePropertiesRequest { Properties = [.. Enumerable.Repeat("a..b", 1000)] };

        var errors = request.Validate();

        Assert.Equal(FieldErrors.MaxFields + 1, errors.Count);
        Assert.Contains("properties[0]", errors.Keys);
        Assert.Equal([FieldErrors.MoreFieldsRule], errors[FieldErrors.Unnamed]);
    }
}
