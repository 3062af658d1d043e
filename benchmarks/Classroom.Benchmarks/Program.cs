using BenchmarkDotNet.Running;

// Pass BenchmarkDotNet's own arguments, e.g. --filter '*' --job short; benchmarks/run-token-bench.sh shows the full run.
BenchmarkSwitcher.FromAssembly(typeof(Classroom.Benchmarks.TokenBenchmarks).Assembly).Run(args);
