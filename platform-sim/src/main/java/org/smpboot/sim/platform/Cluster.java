package org.smpboot.sim.platform;

/**
 * One cluster of the mesh. Cores and devices are slices of the platform's global arrays, as in arch_info.bin.
 *
 * @param cxy          the cluster id, {@code x << y_width | y}; not a dense index.
 * @param cores        how many cores (0 for an I/O-only cluster).
 * @param coreOffset   index of its first core in {@link Platform#cores()}.
 * @param devices      how many devices.
 * @param deviceOffset index of its first device in {@link Platform#devices()}.
 */
public record Cluster(int cxy, int cores, int coreOffset, int devices, int deviceOffset)
{
}
