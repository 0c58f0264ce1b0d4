using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/Makini.Flows.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
