using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// What a server allocates per request, and who asks for it, from the runtime's allocation ticks in a trace taken with
// `dotnet-trace collect --profile gc-verbose` while the server was under a steady load of <requests per second>.
// A tick stands for about 100 KB allocated since the one before, the type and the call stack of the object that crossed
// the line: summed over thousands of ticks, bytes by type and by stack come out in proportion.
// Each tick's bytes go to the innermost frame of its stack outside the base library (System.Private.CoreLib): the
// assembly that asked for the allocation, or for the server's own assembly, its type.
// Usage: dotnet Classroom.AllocationReport.dll <trace.nettrace> <requests per second> [<own assembly>] [<stacks>]
if (args.Length < 2)
{
    Console.Error.WriteLine("Usage: Classroom.AllocationReport <trace.nettrace> <requests per second> [<own assembly>] [<stacks>]");
    return 2;
}
var rate = double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var own = args.Length > 2 ? args[2] : "Gateway";
var stacksShown = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, double>();
var byAsker = new Dictionary<string, double>();
var byStack = new Dictionary<string, double>();
double total = 0, first = double.NaN, last = 0;
foreach (var traced in log.Events)
{
    if (traced is not GCAllocationTickTraceData tick)
    {
        continue;
    }
    first = double.IsNaN(first) ? tick.TimeStampRelativeMSec : first;
    last = tick.TimeStampRelativeMSec;
    total += tick.AllocationAmount64;
    Add(byType, Shortened(tick.TypeName), tick.AllocationAmount64);
    var frames = Frames(tick.CallStack()).ToList();
    Add(byAsker, Asker(frames), tick.AllocationAmount64);
    if (stacksShown > 0)
    {
        Add(byStack, string.Join("\n    ", frames.Take(8).Select(f => f.Method.Split('(')[0]).Prepend(Shortened(tick.TypeName))), tick.AllocationAmount64);
    }
}
if (total == 0)
{
    Console.Error.WriteLine("The trace holds no allocation ticks: was it taken with --profile gc-verbose?");
    return 1;
}

// The ticks span the trace but for the stretch before the first and after the last: the requests served in between.
var requests = rate * (last - first) / 1000;
Console.WriteLine($"{total / requests,8:N0} bytes a request ({total / 1048576:N0} MiB over {(last - first) / 1000:N1} s at {rate:N0} requests a second)");
Print("By the assembly that asked (the server's own by type):", byAsker, 25);
Print("By type:", byType, 20);
if (stacksShown > 0)
{
    Print("By type and stack:", byStack, stacksShown);
}
return 0;

void Print(string title, Dictionary<string, double> bytes, int count)
{
    Console.WriteLine($"\n{title}");
    foreach (var (name, sum) in bytes.OrderByDescending(p => p.Value).Take(count))
    {
        Console.WriteLine($"{sum / requests,8:N0}  {100 * sum / total,5:F1} %  {name}");
    }
}

string Asker(List<(string Module, string Method)> frames)
{
    foreach (var (module, method) in frames)
    {
        if (module.Length == 0 || module == "System.Private.CoreLib")
        {
            continue;
        }
        return module == own ? TypeOf(method) : module;
    }
    return "System.Private.CoreLib";
}

static IEnumerable<(string Module, string Method)> Frames(TraceCallStack? frame)
{
    for (; frame is not null; frame = frame.Caller)
    {
        var method = frame.CodeAddress.FullMethodName;
        if (!string.IsNullOrEmpty(method))
        {
            yield return (frame.CodeAddress.ModuleName ?? "", method);
        }
    }
}

// "Gateway.Forwarding.AgoraForwarder+<SendAsync>d__11.MoveNext()" is Gateway.Forwarding.AgoraForwarder; the request
// delegates generated at build time are one.
static string TypeOf(string method)
{
    var name = method.Split('(')[0];
    var nested = name.IndexOf('+');
    name = nested > 0 ? name[..nested] : name[..Math.Max(0, name.LastIndexOf('.'))];
    return name.Contains("GeneratedRouteBuilderExtensions", StringComparison.Ordinal) ? "(request delegates generated at build time)" : name;
}

// An async method's box is named by its state machine, without the generic arguments that make it a line long:
// "AsyncStateMachineBox`1[TResult,Polly.ResiliencePipeline+<ExecuteAsync>d__9`2[…]]" is
// "async state machine: Polly.ResiliencePipeline+<ExecuteAsync>d__9".
static string Shortened(string type)
{
    const string box = "AsyncStateMachineBox`1[";
    if (!type.StartsWith(box, StringComparison.Ordinal))
    {
        return type;
    }
    var depth = 0;
    for (var i = box.Length; i < type.Length; i++)
    {
        depth += type[i] switch { '[' => 1, ']' => -1, _ => 0 };
        if (depth == 0 && type[i] == ',')
        {
            var machine = type[(i + 1)..];
            return "async state machine: " + machine[..machine.IndexOfAny(['`', '[', ']'], machine.IndexOf('+') + 1)];
        }
    }
    return type;
}

static void Add(Dictionary<string, double> sums, string key, double bytes) => sums[key] = sums.GetValueOrDefault(key) + bytes;
