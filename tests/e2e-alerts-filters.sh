#!/bin/sh
# e2e-alerts-filters.sh: the "your alerts" pane's filters, driving the real
# binary in tmux and comparing whole screens: v (every severity or the
# configured ones), s (each subscription in turn, then every one; a new
# subscription clears the group), p (each resource group of the chosen
# subscription in turn, then every one). Against the fake Azure's
# redis-eastus story at step 1: Sev1 and Sev2 on caches and Sev3 on a VM in
# subscription a1, Sev1 on a Key Vault in subscription a2. Then the
# incident the East US cache's alert is judged to be has that alert in its
# lag record ("your alert +3m").

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

[ -x "$AZWATCH" ] || skip "azwatch is not built"
need_tmux

fake_start redis-eastus
fake_ctl "step?n=1" >/dev/null || fail "fake_ctl step 1"
AZWATCH_ACCESS_TOKEN=fake-alerts-token
export AZWATCH_ACCESS_TOKEN
printf '\n[poll]\nrequest_timeout = 5\n' >>"$T/config"

# screen NAME: the whole screen equals the expected one (stdin); a poll
# in flight ("refreshing…" in the header) is blanked, not compared.
screen() {
	tmux_capture | sed '1s/refreshing…  /             /' >"$T/$1.screen"
	cat >"$T/$1.want"
	cmp -s "$T/$1.want" "$T/$1.screen" || {
		diff -u "$T/$1.want" "$T/$1.screen" >&2
		fail "$1: the screen differs"
	}
}

tmux_start
wait_for '^│. active +7K2Q-XL8 Azure Cache for Redis' 15 || fail "the dashboard did not start"
tmux_keys a
wait_for 'showing 3 of 4' 15 || fail "a did not show the fired alerts"
screen start <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · every subscription · every resource group · showing 3 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  no-known-incident  -          kv-throttled-requests
        contoso-kv-wus2 · Key Vault · West US 2
  Sev1  azure-incident     7K2Q-XL8   redis-eus-connection-errors
        contoso-cache-eus · Azure Cache for Redis · East US
  Sev2  not-matching       -          redis-eus2-latency
        contoso-cache-eus2 · Azure Cache for Redis · East US 2













Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "a: every subscription and group, Sev0-2: three of four alerts"

tmux_keys s
wait_for 'Sev0–2 · subscription …000000a2 · every resource group · showing 1 of 4' 5 || fail "sub-a2: the filter line did not change"
screen sub-a2 <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · subscription …000000a2 · every resource group · showing 1 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  no-known-incident  -          kv-throttled-requests
        contoso-kv-wus2 · Key Vault · West US 2

















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "s: the first subscription, its one alert"

tmux_keys p
wait_for 'Sev0–2 · subscription …000000a2 · rg-secrets · showing 1 of 4' 5 || fail "group-secrets: the filter line did not change"
screen group-secrets <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · subscription …000000a2 · rg-secrets · showing 1 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  no-known-incident  -          kv-throttled-requests
        contoso-kv-wus2 · Key Vault · West US 2

















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "p: the subscription's only resource group"

tmux_keys p
wait_for 'Sev0–2 · subscription …000000a2 · every resource group · showing 1 of 4' 5 || fail "sub-a2-every-group: the filter line did not change"
screen sub-a2-every-group <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · subscription …000000a2 · every resource group · showing 1 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  no-known-incident  -          kv-throttled-requests
        contoso-kv-wus2 · Key Vault · West US 2

















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "p again: every resource group of the subscription"

tmux_keys s
wait_for 'Sev0–2 · subscription …000000a1 · every resource group · showing 2 of 4' 5 || fail "sub-a1: the filter line did not change"
screen sub-a1 <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · subscription …000000a1 · every resource group · showing 2 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  azure-incident     7K2Q-XL8   redis-eus-connection-errors
        contoso-cache-eus · Azure Cache for Redis · East US
  Sev2  not-matching       -          redis-eus2-latency
        contoso-cache-eus2 · Azure Cache for Redis · East US 2















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "s: the next subscription clears the group"

tmux_keys p
wait_for 'Sev0–2 · subscription …000000a1 · rg-cache-eastus · showing 1 of 4' 5 || fail "group-cache-eastus: the filter line did not change"
screen group-cache-eastus <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · subscription …000000a1 · rg-cache-eastus · showing 1 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  azure-incident     7K2Q-XL8   redis-eus-connection-errors
        contoso-cache-eus · Azure Cache for Redis · East US

















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "p: the first of its resource groups"

tmux_keys p
wait_for 'Sev0–2 · subscription …000000a1 · rg-cache-eastus2 · showing 1 of 4' 5 || fail "group-cache-eastus2: the filter line did not change"
screen group-cache-eastus2 <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · subscription …000000a1 · rg-cache-eastus2 · showing 1 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev2  not-matching       -          redis-eus2-latency
        contoso-cache-eus2 · Azure Cache for Redis · East US 2

















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "p: the next resource group"

tmux_keys p
wait_for 'Sev0–2 · subscription …000000a1 · rg-web-weu · showing 0 of 4' 5 || fail "group-web-weu-none: the filter line did not change"
screen group-web-weu-none <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · subscription …000000a1 · rg-web-weu · showing 0 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  No fired alert passes the filters (v s p change them).


















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "p: a group whose only alert is below the severities: none shown, and which keys change it"

tmux_keys v
wait_for 'every severity · subscription …000000a1 · rg-web-weu · showing 1 of 4' 5 || fail "every-severity: the filter line did not change"
screen every-severity <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  every severity · subscription …000000a1 · rg-web-weu · showing 1 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev3  no-known-incident  -          web-01-cpu-high
        web-01 · Virtual Machines · West Europe

















Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "v: every severity shows the Sev3 alert there"

tmux_keys s
wait_for 'every severity · every subscription · every resource group · showing 4 of 4' 5 || fail "every-subscription: the filter line did not change"
screen every-subscription <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  every severity · every subscription · every resource group · showing 4 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  no-known-incident  -          kv-throttled-requests
        contoso-kv-wus2 · Key Vault · West US 2
  Sev1  azure-incident     7K2Q-XL8   redis-eus-connection-errors
        contoso-cache-eus · Azure Cache for Redis · East US
  Sev2  not-matching       -          redis-eus2-latency
        contoso-cache-eus2 · Azure Cache for Redis · East US 2
  Sev3  no-known-incident  -          web-01-cpu-high
        web-01 · Virtual Machines · West Europe











Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "s: past the last subscription, every one again, the group cleared"

tmux_keys v
wait_for 'Sev0–2 · every subscription · every resource group · showing 3 of 4' 5 || fail "back-to-sev0-2: the filter line did not change"
screen back-to-sev0-2 <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Your alerts: is Azure behind them?
  Sev0–2 · every subscription · every resource group · showing 3 of 4
  Sev   verdict            tracking   alert rule / resource · service · region
  Sev1  no-known-incident  -          kv-throttled-requests
        contoso-kv-wus2 · Key Vault · West US 2
  Sev1  azure-incident     7K2Q-XL8   redis-eus-connection-errors
        contoso-cache-eus · Azure Cache for Redis · East US
  Sev2  not-matching       -          redis-eus2-latency
        contoso-cache-eus2 · Azure Cache for Redis · East US 2













Enter verdict  v severity  s subscription  p group  r refresh  Esc back
EOF
pass "v: back to the configured severities"

tmux_keys Escape
wait_for '^│. active +7K2Q-XL8' 5 || fail "Escape did not go back to the feed"
tmux_keys Enter
wait_for 'Incident 7K2Q-XL8' 5 || fail "the incident's detail did not open"
# the lag record counts the alert Azure's incident explains
tmux_capture | sed -E \
    -e '1s/refreshing…  /             /' \
    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC/YYYY-MM-DD HH:MM UTC/g' \
    -e 's/at [0-9]{2}:[0-9]{2} UTC on [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4}/at HH:MM UTC on D MMM YYYY/g' \
    -e 's/\(([0-9hm]+|<1m) ago\)/(AGE ago)/g; s/\((in [0-9hm]+|[0-9hm]+ overdue)\)/(WHEN)/g' \
    >"$T/detail.screen"
cat >"$T/detail.want" <<'EOF'
azwatch  1 active  overall: incident                                      ? help
 Incident 7K2Q-XL8                                                      1-21/40
 Azure Cache for Redis - East US - Connection timeouts
 Status: active   Type: service issue   Tracking ID: 7K2Q-XL8
 Level: warning   Priority: 2 (0 is the most urgent)   High incident rate: no
 Started: YYYY-MM-DD HH:MM UTC   Mitigated: —
 Last update: YYYY-MM-DD HH:MM UTC (AGE ago)
 Next update expected by: YYYY-MM-DD HH:MM UTC (WHEN)
 Current status: Engineers are investigating. The next update will be provided
 in 60 minutes, or as events warrant.
 Reported by: service-health, status-page
 First shown: Service Health +25m, status page +25m, your alert +3m
 Services: Azure Cache for Redis
 Regions: East US (Azure Cache for Redis): active
 Subscriptions: Contoso Production, Contoso Development
 The portal offers: a support request
 Links (o opens the first):
   Portal: https://app.azure.com/h/7K2Q-XL8/0000a1
   https://azure.status.microsoft/en-us/status/history/?trackingId=7K2Q-XL8
 Updates (1, newest first, times in UTC):
   YYYY-MM-DD HH:MM UTC  service-health, status-page
     Impact Statement: Starting at HH:MM UTC on D MMM YYYY, customers using
     Azure Cache for Redis in East US may experience connection timeouts and
j/k scroll  [/] prev/next  y copy ID  o open  / search  e export  q/Esc back
EOF
cmp -s "$T/detail.want" "$T/detail.screen" || {
	diff -u "$T/detail.want" "$T/detail.screen" >&2
	fail "detail: the screen differs"
}
pass "the incident's lag record has the alert it explains (your alert +3m)"
tmux_stop
