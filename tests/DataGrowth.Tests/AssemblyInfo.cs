// Each test starts Hosts and runs commands, several processes at once: one test at a time keeps their timings honest
// on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
