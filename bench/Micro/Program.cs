using BenchmarkDotNet.Running;

// `Micro hashring-stats`: the consistent-hash spread and movement figures (one JSON line), no benchmark.
if (args is ["hashring-stats", ..])
{
    if (!Micro.GatewayRing.Available)
    {
        Console.Error.WriteLine("GATEWAY_DLL does not point at a built Gateway.dll");
        return 2;
    }

    var virtualNodes = args.Length > 1
        ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)
        : Micro.GatewayRing.DefaultVirtualNodes;
    Console.WriteLine(Micro.GatewayRing.Stats(virtualNodes: virtualNodes));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Micro.ContractDispatch).Assembly).Run(args);
return 0;
