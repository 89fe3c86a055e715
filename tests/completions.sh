#!/bin/sh
# The shell completions (completions/) against the program: every command
# and option that `azwatch --help` and the man page name (and watch's) is
# offered by the bash, zsh and fish completion, and the bash completion
# (and the fish one, where fish is installed) answers a set of command
# lines as expected. zsh's file is checked for syntax where zsh exists.
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${TOP_BUILDDIR:-$top/build}
azwatch=${AZWATCH:-$build/azwatch}
bashc=$top/completions/azwatch
zshc=$top/completions/_azwatch
fishc=$top/completions/azwatch.fish
rc=0

bad() {
	echo "FAIL: $*" >&2
	rc=1
}

T=$(mktemp -d "${TMPDIR:-/tmp}/azwatch-completions.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM

"$azwatch" --help >"$T/help" || { echo "FAIL: azwatch --help" >&2; exit 1; }

# What there is to complete. watch's options are part of its contract
# before they reach --help.
{
	grep -o -- '--[a-z][a-z-]*' "$T/help"
	sed -n 's/.*Fl -\([a-z][a-z-]*\).*/--\1/p' "$top/doc/azwatch.1"
	echo --state-dir
	echo --log-format
} | sort -u >"$T/long"
sed -n 's/^ *\(-[a-zA-Z]\),.*/\1/p' "$T/help" | sort -u >"$T/short"
{
	sed -n 's/^\(usage:\)\{0,1\} *azwatch \([a-z][a-z-]*\).*/\2/p' "$T/help"
	echo watch
} | sort -u >"$T/commands"
[ -s "$T/long" ] && [ -s "$T/short" ] && [ -s "$T/commands" ] ||
    { echo "FAIL: cannot read the options from --help" >&2; exit 1; }

# has FILE ERE: FILE has a line matching ERE.
has() {
	grep -Eq -- "$2" "$1"
}

# Every option and command, in each file's own notation.
while read -r o; do
	has "$bashc" "(^|[^a-z-])$o([^a-z-]|\$)" || bad "bash: no $o"
	has "$zshc" "(^|[^a-z-])$o([^a-z-]|\$)" || bad "zsh: no $o"
	has "$fishc" "-l ${o#--}( |\$)" || bad "fish: no $o"
done <"$T/long"
while read -r o; do
	has "$bashc" "(^|[^a-z-])$o([^a-z-]|\$)" || bad "bash: no $o"
	has "$zshc" "(^|[^a-z-])$o([^a-z-]|\$)" || bad "zsh: no $o"
	has "$fishc" "-s ${o#-}( |\$)" || bad "fish: no $o"
done <"$T/short"
while read -r c; do
	has "$bashc" "compgen -W '([a-z ]* )?$c( [a-z ]*)?'" || bad "bash: no command $c"
	has "$zshc" "^  '$c:" || bad "zsh: no command $c"
	has "$fishc" "-a $c " || bad "fish: no command $c"
done <"$T/commands"
has "$bashc" "compgen -W 'setup'" || bad "bash: no alerts setup"
has "$zshc" "setup" || bad "zsh: no alerts setup"
has "$fishc" "-a setup " || bad "fish: no alerts setup"

# The answers: "command line|expected words" (the line is completed at
# its end; the words sorted).
cat >"$T/cases" <<'EOF'
azwatch |alerts check config replay status watch
azwatch wa|watch
azwatch -c FILE |alerts check config replay status watch
azwatch --cloud |AzureChinaCloud AzureCloud AzureUSGovernment
azwatch status --format |json text tmux tmux-ascii
azwatch status --f|--format
azwatch check --s|--service --since
azwatch check --service VM --r|--read-only --region --resource
azwatch watch --log-format |json text
azwatch watch --st|--state-dir
azwatch watch --l|--log-format
azwatch alerts |setup
azwatch alerts setup --d|--dry-run
azwatch replay --s|--speed
azwatch check --region |
EOF

# The bash completion, run the way bash runs it.
if command -v bash >/dev/null 2>&1; then
	bash -c '
		. "$1"
		while IFS="|" read -r line want; do
			read -ra COMP_WORDS <<<"$line"
			[[ $line == *" " ]] && COMP_WORDS+=("")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMPREPLY=()
			_azwatch
			got=$(printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ")
			got=${got% }
			got=${got# }
			[[ $got == "$want" ]] ||
			    echo "FAIL: bash: \"$line\" gives \"$got\", not \"$want\""
		done <"$2"
	' sh "$bashc" "$T/cases" >"$T/bash.out" 2>&1
	if [ -s "$T/bash.out" ]; then
		cat "$T/bash.out" >&2
		rc=1
	fi
else
	bad "bash is not installed"
fi

if command -v fish >/dev/null 2>&1; then
	fish -n "$fishc" || bad "fish: syntax"
	fish -c '
		source $argv[1]
		while read -l row
			set -l f (string split -m1 "|" -- $row)
			set -l got (complete -C "$f[1]" | cut -f1 | sort | string join " ")
			test "$got" = "$f[2]"
			or echo "FAIL: fish: \"$f[1]\" gives \"$got\", not \"$f[2]\""
		end <$argv[2]
	' "$fishc" "$T/cases" >"$T/fish.out" 2>&1
	if [ -s "$T/fish.out" ]; then
		cat "$T/fish.out" >&2
		rc=1
	fi
else
	echo "fish is not installed: its completion is checked for coverage only"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$zshc" || bad "zsh: syntax"
else
	echo "zsh is not installed: its completion is checked for coverage only"
fi

[ $rc -eq 0 ] && echo "ok - completions cover $(wc -l <"$T/long") long options, $(wc -l <"$T/commands") commands"
exit $rc
