#!/usr/bin/env bash
# Drift, demonstrated on a copy of the project: an editor fixes a typo, changes a date and adds
# a paragraph in the English; sync flags each with its severity; todo, status, check and build
# show the consequences. The repository itself is not touched.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
transkit="${TRANSKIT:-$here/.venv/bin/transkit}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here/transkit.toml" "$here/sources" "$here/locales" "$work/"
source="$work/sources/russias-complicity-nagorno-karabakh.md"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "The editor fixes a typo, changes a date and adds a paragraph"
python3 - "$source" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("rights and security of Armneians", "rights and security of Armenians", 1)
text = text.replace("in Moscow on 19\u00a0July", "in Moscow on 20\u00a0July", 1)
text = text.replace(
    "\n## The impact of the Russian factor",
    "\nIn October 2023, the Russian peacekeepers began to leave the region.\n"
    "\n## The impact of the Russian factor",
    1,
)
open(path, "w", encoding="utf-8").write(text)
PY
(cd "$work" && git diff --no-index --word-diff=plain "$here/sources" sources | grep -E '\[-|\{\+' || true)

step "transkit check (before sync): the catalogs are out of step"
(cd "$work" && "$transkit" check --lang de) || echo "(exit status $?)"

step "transkit sync"
(cd "$work" && "$transkit" sync)

step "transkit todo de: what the German translator has to do"
(cd "$work" && "$transkit" todo de)

step "The drifted entry as a translator sees it in the PO file"
grep -B2 -A14 "drift: critical" "$work/locales/de/russias-complicity-nagorno-karabakh.po" | head -24 || true

step "transkit status"
(cd "$work" && NO_COLOR=1 "$transkit" status --format markdown)

step "transkit check: completeness fails until the translators catch up"
(cd "$work" && "$transkit" check --lang de) || echo "(exit status $?)"

step "transkit build: the English stands in for what is not translated yet"
(cd "$work" && "$transkit" build)
(cd "$work" && "$transkit" build --allow-fuzzy --lang de)
# the article writes "20 July" with a no-break space
if grep -qF -e "20 July" -e "$(printf '20\302\240July')" \
    "$work/build/de/russias-complicity-nagorno-karabakh.md"; then
  echo "German edition: the critical date change ships in English until a translator confirms it."
else
  echo "demo-drift: the German edition should show the changed date in English" >&2
  exit 1
fi
