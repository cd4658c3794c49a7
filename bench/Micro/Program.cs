using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Micro.ContractDispatch).Assembly).Run(args);
