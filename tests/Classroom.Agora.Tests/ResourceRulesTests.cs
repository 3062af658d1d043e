using System.Globalization;
using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

public sealed class ResourceRulesTests
{
    static IReadOnlyDictionary<string, string[]> Validate(string json) =>
        JsonSerializer.Deserialize<UploadResourceRequest>(json)!.Validate();

    const string Base = """ "resourceName":"Lesson 1","size":1024,"url":"https://files.example/l1" """;

    [Theory]
    [InlineData("ppt")]
    [InlineData("pptx")]
    [InlineData("pptm")]
    [InlineData("docx")]
    [InlineData("doc")]
    [InlineData("xlsx")]
    [InlineData("xls")]
    [InlineData("csv")]
    [InlineData("pdf")]
    public void AcceptsEveryListedExtensionWithoutConversion(string ext) =>
        Assert.Empty(Validate($$"""{{{Base}},"ext":"{{ext}}"}"""));

    [Theory]
    [InlineData("pdf", """{"type":"static"}""")]
    [InlineData("ppt", """{"type":"static","scale":0.1,"outputFormat":"webp"}""")]
    [InlineData("doc", """{"type":"static","scale":3.0,"outputFormat":"jpeg"}""")]
    [InlineData("docx", """{"type":"static","outputFormat":"jpg"}""")]
    [InlineData("pptx", """{"type":"dynamic","preview":true}""")]
    [InlineData("pptx", """{"type":"dynamic","preview":false}""")]
    public void AcceptsTheConversionEachExtensionAllows(string ext, string conversion) =>
        Assert.Empty(Validate($$"""{{{Base}},"ext":"{{ext}}","conversion":{{conversion}}}"""));

    [Theory]
    [InlineData("pptx", """{"type":"static"}""", "conversion.type")]
    [InlineData("pdf", """{"type":"dynamic"}""", "conversion.type")]
    [InlineData("xlsx", """{"type":"static"}""", "conversion.type")]
    [InlineData("pdf", """{"type":"animated"}""", "conversion.type")]
    [InlineData("pdf", """{"preview":false}""", "conversion.type")]
    [InlineData("pdf", """{"type":"static","preview":true}""", "conversion.preview")]
    [InlineData("pdf", """{"type":"static","scale":0.09}""", "conversion.scale")]
    [InlineData("pdf", """{"type":"static","scale":3.01}""", "conversion.scale")]
    [InlineData("pptx", """{"type":"dynamic","scale":1.0}""", "conversion.scale")]
    [InlineData("pdf", """{"type":"static","outputFormat":"gif"}""", "conversion.outputFormat")]
    [InlineData("pptx", """{"type":"dynamic","outputFormat":"png"}""", "conversion.outputFormat")]
    public void RefusesConversionsTheExtensionDoesNotAllow(string ext, string conversion, string field) =>
        Assert.Equal([field], Validate($$"""{{{Base}},"ext":"{{ext}}","conversion":{{conversion}}}""").Keys);

    /// <summary>
    /// The bounds are said as the JSON number they bound: a host whose culture writes decimals with a comma (de-DE, or
    /// ar-SA's '٫') must not tell the client "0,1".
    /// </summary>
    [Fact]
    public void TheScaleBoundsAreSaidAsJsonNumbersWhateverTheHostsCulture()
    {
        const string TooLarge = """{"type":"static","scale":3.1}""";
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        var hosts = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = comma;
        try
        {
            var errors = Validate($$"""{{{Base}},"ext":"pdf","conversion":{{TooLarge}}}""");
            Assert.Equal(["must be from 0.1 to 3"], errors["conversion.scale"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = hosts;
        }
    }

    [Theory]
    [InlineData("""{"resourceName":"a","ext":"pdf","url":"https://f.example/a"}""", "size")]
    [InlineData("""{"resourceName":"a","size":-1,"ext":"pdf","url":"https://f.example/a"}""", "size")]
    [InlineData("""{"resourceName":"a","size":1,"url":"https://f.example/a"}""", "ext")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"png","url":"https://f.example/a"}""", "ext")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"PDF","url":"https://f.example/a"}""", "ext")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf"}""", "url")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf","url":"ftp://f.example/a"}""", "url")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf","url":"https://f.example/a "}""", "url")]
    [InlineData("""{"resourceName":"a","size":1,"ext":"pdf","url":"https://f.example/a\tb"}""", "url")]
    [InlineData("""{"resourceName":"0123456789012345678901234567890123456789012345678901234567890123","size":1,"ext":"pdf","url":"https://f.example/a"}""", "resourceName")]
    public void RequiresSizeExtAndUrlAndHoldsANameUnder64Bytes(string json, string field) => Assert.Equal([field], Validate(json).Keys);

    /// <summary>Agora's reference marks size, ext and url required, and the name only bounded.</summary>
    [Fact]
    public void TheNameMayBeLeftOut() => Assert.Empty(Validate("""{"size":1,"ext":"pdf","url":"https://f.example/a"}"""));

    [Fact]
    public void DeleteNeedsAtLeastOneValidId()
    {
        Assert.Empty(new DeleteResourcesRequest { ResourceUuid = ["a", "b c#1"] }.Validate());
        Assert.Equal(["resourceUuid"], new DeleteResourcesRequest { ResourceUuid = [] }.Validate().Keys);
        Assert.Equal(["resourceUuid"], new DeleteResourcesRequest().Validate().Keys);
        Assert.Equal(["resourceUuid[1]"], new DeleteResourcesRequest { ResourceUuid = ["a", "b/c"] }.Validate().Keys);
    }
}
