#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ from the field captures
(tests/fixtures/captures/manifest.json and the .http files) plus a few
hand-made inputs for what no capture shows (photos, tgz packets, API bodies,
GB2312 names, every OPERLOG tag). Run from the repository root:

    python3 fuzz/make_corpus.py [CAPTURES_DIR]

and commit the result; `make fuzz` only reads the corpora. Inputs with
several parts (route, attphoto) separate them with 0x1E (fuzz/fuzz.h)."""
import base64, gzip, io, json, os, sys, tarfile
from urllib.parse import unquote

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAPTURES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "tests", "fixtures", "captures")
OUT = os.path.join(ROOT, "fuzz", "corpus")
SEP = b"\x1e"


def write(target, name, data):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def tgz(files):
    """A tar.gz packet; the same bytes on every run (no timestamps)."""
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, text in files:
            info = tarfile.TarInfo(name)
            info.size = len(text)
            tar.addfile(info, io.BytesIO(text))
    return gzip.compress(tar_bytes.getvalue(), mtime=0)


def from_captures():
    with open(os.path.join(CAPTURES, "manifest.json")) as f:
        manifest = json.load(f)
    for c in manifest:
        cid, method, target = c["id"], c["method"], c["target"]
        body = base64.b64decode(c["body_b64"])
        path, _, query = target.partition("?")
        with open(os.path.join(CAPTURES, c["file"]), "rb") as f:
            write("request_head_fuzz", cid, f.read())
        write("query_fuzz", cid, query)
        write("route_fuzz", cid, method.encode() + SEP + path.encode() + SEP + query.encode() + SEP + body[:256])
        params = {k.lower(): v for k, _, v in (p.partition("=") for p in query.split("&"))}
        table = params.get("table", "").strip().upper()
        if "info" in params:
            write("getrequest_info_fuzz", cid, unquote(params["info"]))
        if not body:
            continue
        if path.endswith("devicecmd"):
            write("devicecmd_fuzz", cid, body)
        elif path.endswith("registry") or table == "OPTIONS":
            write("options_body_fuzz", cid, body)
        elif table == "ATTLOG":
            write("attlog_fuzz", cid, body)
        elif table == "OPERLOG":
            write("operlog_fuzz", cid, body)
            write("tgz_fuzz", cid, tgz([("data.txt", body)]))
        if table or "type=tabledata" in query:
            names = ["ATTLOG", "OPERLOG", "BIODATA", "IDCARD", "ERRORLOG", "USERINFO", "FINGERTMP", "rtlog",
                     "TABLEDATA"]
            selector = names.index(table) if table in names else names.index("TABLEDATA")
            write("table_fuzz", cid, bytes([selector]) + body)
        write("charset_fuzz", cid, body[:512])
        for line in body.split(b"\n"):
            for field in line.split(b"\t"):
                if field.upper().startswith(b"TMP=") or field.startswith(b"Content="):
                    write("base64_fuzz", cid, field.split(b"=", 1)[1])


def synthetic():
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
    write("attphoto_fuzz", "header-jpeg", b"" + SEP + b"PIN=20150731103012-123.jpg\nSN=DEV1\nsize=22\nCMD=uploadphoto\0" + jpeg)
    write("attphoto_fuzz", "header-base64", b"" + SEP + b"PIN=1.jpg\nSN=DEV1\nsize=32\nCMD=realupload\0" + base64.b64encode(jpeg))
    write("attphoto_fuzz", "raw-jpeg", b"20150731103012-123.jpg" + SEP + jpeg)
    write("operlog_fuzz", "every-tag", "\n".join([
        "OPLOG 4\t0\t2026-01-02 03:04:05\t0\t0\t0\t0",
        "4\t0\t2026-01-02 03:04:05\t0\t0\t0\t0",
        "USER PIN=7\tName=Ana\tPri=0\tPasswd=\tCard=[0000000000]\tGrp=1\tTZ=0000000000000000\tVerify=0",
        "FP PIN=7\tFID=1\tSize=8\tValid=1\tTMP=AAAAAAAA",
        "FACE PIN=7\tFID=0\tSize=8\tValid=1\tTMP=AAAAAAAA",
        "FVEIN Pin=7\tFID=0\tIndex=0\tSize=8\tValid=1\tTmp=AAAAAAAA",
        "BIODATA Pin=7\tNo=0\tIndex=0\tValid=1\tDuress=0\tType=9\tMajorVer=40\tMinorVer=1\tFormat=0\tTmp=AAAAAAAA",
        "USERPIC PIN=7\tFileName=7.jpg\tSize=8\tContent=AAAAAAAA",
        "BIOPHOTO PIN=7\tFileName=7.jpg\tType=9\tSize=8\tContent=AAAAAAAA",
        "IDCARD PIN=7\tSNNum=1\tIDNum=2\tName=Ana",
        "WORKCODE PIN=7\tCODE=1\tNAME=x",
        "ERRORLOG ErrCode=-1\tErrMsg=x\tDataOrigin=dev\tCmdId=1\tAdditional=",
        "UNKNOWN a=1",
        "AAAA+/==",
    ]) + "\n")
    write("tgz_fuzz", "bare-gzip", gzip.compress(b"OPLOG 4\t0\t2026-01-02 03:04:05\t0\t0\t0\t0\n", mtime=0))
    write("tgz_fuzz", "two-files", tgz([("a.txt", b"USER PIN=1\tName=A\n"), ("b.txt", b"USER PIN=2\tName=B")]))
    write("api_body_fuzz", "command", '{"command": "DATA UPDATE USERINFO PIN=7\\tName=Ana"}')
    write("api_body_fuzz", "settings", '{"Delay": "5", "TimeZone": 330, "Realtime": "1"}')
    write("api_body_fuzz", "bad", '{"Delay": ["5"], "x": {"y": null}}')
    write("charset_fuzz", "gb2312-name", "USER PIN=1\tName=".encode() + "张三".encode("gb2312"))
    write("charset_fuzz", "utf8-name", "USER PIN=1\tName=Zoë Ñandú")
    write("charset_fuzz", "overlong-nul", b"Name=\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80")
    write("base64_fuzz", "unpadded", b"AAAAAAAAAA")
    # Canteen uploads (spec 001 §6): the first byte picks the table (canteen_upload_fuzz.cc).
    buy = "1001\t20001\t2018-12-20 17:20:13\t350\t9650\t5\t0\t2\t2018-12-20\t37\t1"
    write("canteen_upload_fuzz", "buylog", "\x00" + buy + "\n" + buy.replace("\t37\t1", "\t38\t1\t150\t850\tP7") + "\n")
    write("canteen_upload_fuzz", "allowlog", "\x01" + "1001\t20001\t3\t7\t2018-12-20 08:00:00\t5000\t14650\t0\t6\t40\n")
    write("canteen_upload_fuzz", "storedetail", "\x02" + "37\t3\t175\t2\n37\t4\t0\t1\n")
    write("canteen_upload_fuzz", "keydetail", "\x03" + "37\t1\t350\t1\n")
    write("canteen_upload_fuzz", "fulllog", "\x05" + "1001\t20001\t4\t2018-12-20 09:00:00\t1000\t10650\t1\t41\t1\n")
    write("request_head_fuzz", "chunked", b"POST /iclock/cdata?SN=1&table=ATTLOG HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
    write("request_head_fuzz", "absolute-spaces", b"GET http://10.0.0.1:8081/iclock/getrequest?SN=1&INFO=Ver 6.39 Apr 28 2008\n\n")


if __name__ == "__main__":
    from_captures()
    synthetic()
    for target in sorted(os.listdir(OUT)):
        print(f"{target}: {len(os.listdir(os.path.join(OUT, target)))} seeds")
