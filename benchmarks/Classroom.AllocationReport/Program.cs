using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// What a server allocates per request, and who asks for it, from the runtime's randomized allocation sampling in a trace
// taken with `dotnet-trace collect --providers Microsoft-Windows-DotNETRuntime:0x80000000000:4` while the server was under
// a steady load of <requests per second>. The runtime samples on average one allocated byte in 100 KB, at random, and
// reports the object holding it with its type and call stack: an object of S bytes is sampled with probability
// 1 - e^(-S/100 KB), so each sample stands for S divided by that probability, and sums by type and by stack are unbiased
// (allocation ticks are not: a server repeating the same requests lines its objects up with their 100 KB lines).
// Each sample's bytes go to the innermost frame of its stack outside the base library (System.Private.CoreLib): the
// assembly that asked for the allocation, or for the server's own assembly, its type.
// Usage: dotnet Classroom.AllocationReport.dll <trace.nettrace> <requests per second> [<own assembly>] [<stacks>]
if (args.Length < 2)
{
    Console.Error.WriteLine("Usage: Classroom.AllocationReport <trace.nettrace> <requests per second> [<own assembly>] [<stacks>]");
    return 2;
}
var rate = double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var own = args.Length > 2 ? args[2] : "Gateway";
// The mean distance, in bytes, between two sampled bytes: the runtime's sampling rate.
const double MeanBytesBetweenSamples = 102_400;
const string GeneratedDelegates = "(request delegates generated at build time)";
var stacksShown = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;

using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, double>();
var byAsker = new Dictionary<string, double>();
var byStack = new Dictionary<string, double>();
double total = 0, first = double.NaN, last = 0;
foreach (var traced in log.Events)
{
    if (traced is not AllocationSampledTraceData sample)
    {
        continue;
    }
    first = double.IsNaN(first) ? sample.TimeStampRelativeMSec : first;
    last = sample.TimeStampRelativeMSec;
    var bytes = sample.ObjectSize / -double.ExpM1(-sample.ObjectSize / MeanBytesBetweenSamples);
    total += bytes;
    Add(byType, Shortened(sample.TypeName), bytes);
    var frames = Frames(sample.CallStack()).ToList();
    Add(byAsker, Asker(frames), bytes);
    if (stacksShown > 0)
    {
        Add(byStack, string.Join("\n    ", frames.Take(8).Select(f => f.Method.Split('(')[0]).Prepend(Shortened(sample.TypeName))), bytes);
    }
}
if (total == 0)
{
    Console.Error.WriteLine("The trace holds no allocation samples: was it taken with the AllocationSampling keyword (0x80000000000)?");
    return 1;
}

// The samples span the trace but for the stretch before the first and after the last: the requests served in between.
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
    return IsGeneratedDelegate(name) ? GeneratedDelegates : name;
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
            return "async state machine: " + (IsGeneratedDelegate(machine)
                ? GeneratedDelegates
                : machine[..machine.IndexOfAny(['`', '[', ']'], machine.IndexOf('+') + 1)]);
        }
    }
    return type;
}

static bool IsGeneratedDelegate(string name) => name.Contains("GeneratedRouteBuilderExtensions", StringComparison.Ordinal);

static void Add(Dictionary<string, double> sums, string key, double bytes) => sums[key] = sums.GetValueOrDefault(key) + bytes;
