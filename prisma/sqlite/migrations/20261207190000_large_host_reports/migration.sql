-- The cost of a large host's report (issue 24's large site; the largest report the limits allow is
-- 7 MiB of JSON):
--
-- A disk group's report digest: the SHA-256 of the group as its host last reported it, volumes
-- included. A later report of the same group leaves its rows alone without reading its volumes
-- back (server/hosts/project-inventory.ts). Null until the group's next report: compared row by row.
ALTER TABLE "DiskGroup" ADD COLUMN "reportDigest" TEXT;

-- The inventory document, gzip-compressed (server/hosts/inventory-document.ts). SQLite rewrites a
-- whole row on every update, so a 7 MiB inventoryJson was rewritten by every heartbeat of its host.
-- inventoryJson stays for the documents stored before: it is read when inventoryGzip is null and
-- emptied when the next report is stored.
ALTER TABLE "Host" ADD COLUMN "inventoryGzip" BLOB;
