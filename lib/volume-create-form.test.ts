import { describe, expect, it } from "vitest";
import { minBitmapBytes } from "./bitmap-size";
import { readVolumeCreateForm, type VolumeCreateFormValues } from "./volume-create-form";

const MiB = 1024 ** 2;
const values = (over: Partial<VolumeCreateFormValues> = {}): VolumeCreateFormValues => ({
  name: "data1",
  kind: "data",
  amount: "8",
  unit: "MiB",
  preallocate: false,
  bitmapKind: "independent",
  ...over,
});

describe("readVolumeCreateForm", () => {
  it("turns a data volume's size and unit into bytes", () => {
    expect(readVolumeCreateForm("dg1", values({ amount: "1.5", unit: "GiB", preallocate: true }), [])).toEqual({
      ok: true,
      args: {
        diskGroup: "dg1",
        name: "data1",
        sizeBytes: 1.5 * 1024 ** 3,
        preallocate: true,
        bitmapForMasterBytes: null,
        bitmapKind: "independent",
      },
    });
  });

  it("sizes a bitmap volume for the master size by lib/bitmap-size", () => {
    const result = readVolumeCreateForm("dg1", values({ name: "data1.bmp", kind: "bitmap" }), []);
    expect(result).toEqual({
      ok: true,
      args: {
        diskGroup: "dg1",
        name: "data1.bmp",
        sizeBytes: minBitmapBytes(8 * MiB),
        preallocate: false,
        bitmapForMasterBytes: 8 * MiB,
        bitmapKind: "independent",
      },
    });
    expect(minBitmapBytes(8 * MiB)).toBe(24 * 1024);
  });

  it("sizes a bitmap volume for a compact dependent set with room for the index", () => {
    const result = readVolumeCreateForm(
      "dg1",
      values({ name: "big.bmp", kind: "bitmap", amount: "100", unit: "GiB", bitmapKind: "compact-dependent" }),
      [],
    );
    expect(result).toEqual({
      ok: true,
      args: {
        diskGroup: "dg1",
        name: "big.bmp",
        sizeBytes: minBitmapBytes(100 * 1024 ** 3, "compact-dependent"),
        preallocate: false,
        bitmapForMasterBytes: 100 * 1024 ** 3,
        bitmapKind: "compact-dependent",
      },
    });
    expect(minBitmapBytes(100 * 1024 ** 3, "compact-dependent")).toBe(13_950_976);
  });

  it("ignores the bitmap kind for a data volume", () => {
    const result = readVolumeCreateForm("dg1", values({ bitmapKind: "compact-dependent" }), []);
    expect(result.ok && result.args).toMatchObject({
      sizeBytes: 8 * MiB,
      bitmapForMasterBytes: null,
      bitmapKind: "independent",
    });
  });

  it("reports every field's problem at once", () => {
    expect(readVolumeCreateForm("dg1", values({ name: "vol01", amount: "lots" }), ["vol01"])).toEqual({
      ok: false,
      errors: { name: "volume vol01 already exists", amount: "size: 'lots' is not a number of MiB" },
    });
    expect(readVolumeCreateForm("dg1", values({ amount: "0" }), [])).toEqual({
      ok: false,
      errors: { amount: "size must be more than 0" },
    });
    expect(readVolumeCreateForm("dg1", values({ kind: "bitmap", amount: "" }), [])).toEqual({
      ok: false,
      errors: { amount: "master size is required" },
    });
    expect(readVolumeCreateForm("dg1", values({ amount: "0.3", unit: "KiB" }), []).ok).toBe(false);
  });
});
