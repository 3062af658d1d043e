using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Pass BenchmarkDotNet's own arguments, e.g. --filter '*' --job short; benchmarks/run-token-bench.sh shows the full run.
// The generated project builds the whole gateway (OpenApiDocumentBenchmarks host it), longer than the default 2 minutes on a busy machine.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Classroom.Benchmarks.TokenBenchmarks).Assembly).Run(args, config);
