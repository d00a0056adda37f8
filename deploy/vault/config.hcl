# Vault 1.17 server config for deploy/compose (plain HTTP on the internal compose network only; Vault publishes no
# host port). For anything beyond one host use config.tls.hcl beside this file.
# File storage comes up sealed after every start: unseal it (docs/runbooks/VaultSealed.md).

storage "file" {
  path = "/vault/file"
}

listener "tcp" {
  address     = "0.0.0.0:8200"
  tls_disable = true

  telemetry {
    # Prometheus scrapes /v1/sys/metrics without a token, and a sealed Vault still answers it
    # (vault_core_unsealed 0 drives the VaultSealed alert). The metrics hold no secret values.
    unauthenticated_metrics_access = true
  }
}

telemetry {
  prometheus_retention_time = "24h"
  disable_hostname          = true
}

api_addr = "http://vault:8200"
ui       = false
