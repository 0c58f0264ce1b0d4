using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/Makini.Flows.Benchmarks -- --filter '*' --job short --iterationCount 15
// (15 iterations instead of 3 because the 2-core machine is shared; see docs/benchmarks.md)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
