import { describe, expect, it } from "vitest";
import { minBitmapBytes } from "./bitmap-size";
import { readVolumeCreateForm, type VolumeCreateFormValues } from "./volume-create-form";

const MiB = 1024 ** 2;
const values = (over: Partial<VolumeCreateFormValues> = {}): VolumeCreateFormValues => ({
  name: "data1", kind: "data", amount: "8", unit: "MiB", preallocate: false, ...over,
});

describe("readVolumeCreateForm", () => {
  it("turns a data volume's size and unit into bytes", () => {
    expect(readVolumeCreateForm("dg1", values({ amount: "1.5", unit: "GiB", preallocate: true }), [])).toEqual({
      ok: true, args: { diskGroup: "dg1", name: "data1", sizeBytes: 1.5 * 1024 ** 3, preallocate: true, bitmapForMasterBytes: null },
    });
  });

  it("sizes a bitmap volume for the master size by lib/bitmap-size", () => {
    const result = readVolumeCreateForm("dg1", values({ name: "data1.bmp", kind: "bitmap" }), []);
    expect(result).toEqual({
      ok: true, args: { diskGroup: "dg1", name: "data1.bmp", sizeBytes: minBitmapBytes(8 * MiB), preallocate: false, bitmapForMasterBytes: 8 * MiB },
    });
    expect(minBitmapBytes(8 * MiB)).toBe(24 * 1024);
  });

  it("reports every field's problem at once", () => {
    expect(readVolumeCreateForm("dg1", values({ name: "vol01", amount: "lots" }), ["vol01"])).toEqual({
      ok: false, errors: { name: "volume vol01 already exists", amount: "size: 'lots' is not a number of MiB" },
    });
    expect(readVolumeCreateForm("dg1", values({ amount: "0" }), [])).toEqual({ ok: false, errors: { amount: "size must be more than 0" } });
    expect(readVolumeCreateForm("dg1", values({ kind: "bitmap", amount: "" }), [])).toEqual({ ok: false, errors: { amount: "master size is required" } });
    expect(readVolumeCreateForm("dg1", values({ amount: "0.3", unit: "KiB" }), []).ok).toBe(false);
  });
});
