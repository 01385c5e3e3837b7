import { connection } from "next/server";
import { requirePageCaller } from "@/server/auth/page-caller";

export default async function OverviewPage() {
  await connection();
  await requirePageCaller("/");
  return <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>;
}
