# Sourced by tests/batch.sh and tests/bench/run.sh: writes N varied tender files
# (1-3 service types, exclusions with and without reasons) into DIR, named
# t<i>.xml with i zero-padded to WIDTH digits (default 4).
make_tenders() { # make_tenders DIR N [WIDTH]
	local dir=$1 n=$2 width=${3:-4} i id types excl
	mkdir -p "$dir"
	for i in $(seq 1 "$n"); do
		id=t$(printf "%0${width}d" "$i")
		case $((i % 4)) in
		0) types='<service-type id="paas"/><service-type id="saas"/>' excl='<exclude item="OM-16"/>' ;;
		1) types='<service-type id="iaas"/>' excl='<exclude item="SP-9"><reason xml:lang="zh-TW">已自建</reason></exclude>' ;;
		2) types='<service-type id="saas"/>' excl='' ;;
		3) types='<service-type id="iaas"/><service-type id="paas"/><service-type id="saas"/>' excl='<exclude item="OM-16" type="paas"/>' ;;
		esac
		cat >"$dir/$id.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<tender xmlns="urn:annexgen:tender:1" format="1" id="$id">
  <title xml:lang="zh-TW">第 $i 號測試採購案</title>
  <agency xml:lang="zh-TW">測試機關</agency>
  <case-number>T-$i</case-number>
  <date>2026-01-01</date>
  <catalog id="moda-public-cloud" version="V5.1"/>
  <annex-number xml:lang="zh-TW">附件一</annex-number>
  <language>zh-TW</language>
  $types
  $excl
</tender>
XML
	done
}
