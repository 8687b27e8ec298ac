# Sourced by mk/lwip-fetch.sh and mk/linux-fetch.sh: a private apt state in
# $apt (the system's Debian package entries, of type $types: deb or
# deb-src; private lists and cache), so fetching leaves the machine's apt
# configuration, lists and packages alone.  Sets the positional parameters
# to the apt options that select it and fetches its lists.  apt checks what
# it downloads against the archive's signed index.
mkdir -p "$apt/parts" "$apt/lists/partial" "$apt/cache/archives/partial"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
	sed "s/^Types:.*/Types: $types/" /etc/apt/sources.list.d/debian.sources \
		> "$apt/parts/debian-private.sources"
elif grep -qs '^deb ' /etc/apt/sources.list; then
	sed -n "s/^deb /$types /p" /etc/apt/sources.list > "$apt/parts/debian-private.list"
else
	echo "umbra: no Debian package source in /etc/apt/sources.list.d/debian.sources" \
		"or /etc/apt/sources.list to fetch from" >&2
	exit 1
fi
set -- -o Dir::Etc::SourceParts="$apt/parts" -o Dir::Etc::SourceList=/dev/null \
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o APT::Sandbox::User=root
apt-get -q "$@" update
