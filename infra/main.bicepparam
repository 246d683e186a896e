// Parameters of a development deployment: az deployment group create -g <rg> -p infra/main.bicepparam
// Add or override one on the command line (-p location=francecentral). Secret values never go in
// here: see webhookSecrets in infra/README.md.
using 'main.bicep'

param namePrefix = 'crm'
param location = 'westeurope'
param environmentName = 'dev'
param serviceBusSku = 'Standard'
param instanceMemoryMB = 2048
param barometersSchedule = '0 */15 * * * *'
// The catalogue's own levels, written out as a model: ids as the catalogue writes them.
param barometerThresholds = {
  nps: {
    Warn: '30'
    Alert: '10'
  }
  'calls.service-level': {
    Warn: '80'
    Alert: '70'
    MinimumSample: 30
  }
}
param webhookToleranceSeconds = 300
param intakeMaxBodyBytes = 4194304
param intakeMaxBatchSize = 500
param tags = {
  owner: 'crm-team'
}
