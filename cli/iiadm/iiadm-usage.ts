// The `iiadm -h` summary (docs/instant-image.md §1.2), in our own words: every single-set form,
// the modifiers, and the group forms. Kept apart from the parser so the grammar stays short.

export const IIADM_USAGE_TEXT = `usage: iiadm [-n] [-p] [-g group] action [operands]
v = volume set name (its shadow volume), m/s/b = master/shadow/bitmap volume,
o = overflow volume, d = copy delay (clock ticks), u = copy unit (I/Os between pauses)

  -e ind m s b      enable an independent set (full copy master to shadow)
  -e dep m s b      enable a dependent set
  -n -e ind m s b   enable an exportable independent set (Sun Cluster)
  -d v              disable a set
  -u s v [v...]     update shadow (several sets: one atomic point in time)
  -u m v [v...]     update master from shadow
  -c s v [v...]     full copy to shadow
  -c m v [v...]     full copy to master
  -i [v|all]        show status of one set or of every set
  -l                list sets (also what iiadm does with no arguments)
  -w v              wait until a copy or update of the set has finished
  -a v              abort a copy or update
  -E v              export the shadow of an independent set
  -I v b            import an exported shadow, tracking changes in bitmap b
  -J v b            join: merge the importer's bitmap b back into the exported set
  -P d u v          set copy delay and unit of a set
  -P v              show copy delay and unit of a set
  -R v              reset a set after a volume went offline
  -A o v            attach an overflow volume to a compact dependent set
  -D v              detach the overflow volume of a set
  -O o              initialise an overflow volume
  -Q o              show the status of an overflow volume
  -L                list overflow volumes
  -v                show the version
  -h                show this summary

Modifiers:
  -n                do not ask for confirmation
  -p                with -c/-u: lock the set to the calling process; with -w: release it
                    (-p -n -w v releases a lock held by anyone)
  -C tag            cluster resource tag (valid only in a Sun Cluster)
  -X scan|auto      with -e, before the volumes (pitcrew's own): consistency mode;
                    auto (the default) takes instant where the master is a file on XFS
                    with reflink or btrfs; scan hashes the master at every update, a
                    point in time only while the application stays quiesced

Group forms (-g must come before the action):
  -g g -e ind|dep m s b   enable a set into group g
  -g g -u s|m       update shadows or masters of every set in g, atomically
  -g g -c s|m       full copy for every set in g, atomically
  -g g -d           disable every set in g (-g "" -d: every set in no group)
  -g g -i           show status of every set in g
  -g g -l           list the sets in g
  -g g -w           wait for every set in g
  -g g -a           abort copies of every set in g
  -g g -E           export every shadow in g
  -g g -R           reset every set in g
  -g g -P [d u]     set or show copy delay and unit of every set in g
  -g g -A o         attach overflow o to every set in g
  -g g -D           detach the overflow volume of every set in g
  -g g -m v [v...]  move sets into g (-g "" -m v...: remove them from their group)
  -g -L             list group names
`;
