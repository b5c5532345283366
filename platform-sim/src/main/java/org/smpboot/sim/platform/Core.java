package org.smpboot.sim.platform;

/**
 * One core.
 *
 * @param gid the hardware id, {@code cxy << p_width | lid}.
 * @param cxy its cluster.
 * @param lid its index in the cluster.
 */
public record Core(int gid, int cxy, int lid)
{
}
