namespace Brook.Runtime.ResourceManager;

/// <summary>What a TaskManager's machine offers, read from the machine when the TaskManager starts.</summary>
public sealed record HardwareDescription(int CpuCores, long PhysicalMemory, long FreeMemory, long ManagedMemory)
{
    public static HardwareDescription FromMachine(long managedMemory) =>
        new(Environment.ProcessorCount, MachineMemory.PhysicalBytes(), MachineMemory.AvailableBytes(), managedMemory);
}
