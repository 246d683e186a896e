// CrmFunctions: the whole Azure side, deployed into one existing resource group:
//   az deployment group create -g <rg> -p infra/main.bicepparam
// See infra/README.md for the full sequence (build, publish, secrets, smoke test).
targetScope = 'resourceGroup'

import { indicatorThresholds } from 'modules/functionapp.bicep'

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

@description('Short prefix of every resource name: 2-10 letters and digits (lowered), starting with a letter. The storage account name built from it allows nothing else.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'crm'

@description('Azure region of every resource. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Environment: sets the sizing defaults (storage redundancy, retention, scale, purge protection).')
@allowed([
  'dev'
  'prod'
])
param environmentName string = 'dev'

@description('Service Bus tier: Standard by default, Premium selectable.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Messaging units when serviceBusSku is Premium.')
@allowed([
  1
  2
  4
  8
  16
])
param serviceBusPremiumMessagingUnits int = 1

@description('Flex Consumption: maximum instances of the app, 40 to 1000 (the range Flex accepts). Default 40 in dev, 100 in prod.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = environmentName == 'prod' ? 100 : 40

@description('Flex Consumption: memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Flex Consumption: always-ready instances for the HTTP functions (billed). Default 0 in dev, 1 in prod.')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = environmentName == 'prod' ? 1 : 0

@description('Key Vault purge protection (irreversible once on). Default off in dev, on in prod.')
param keyVaultPurgeProtection bool = environmentName == 'prod'

@description('Application Insights accepts only Microsoft Entra authenticated telemetry (the app uses its identity).')
param appInsightsDisableLocalAuth bool = true

@description('NCRONTAB (six fields, UTC) of the barometer refresh: Barometers__Schedule.')
param barometersSchedule string = '0 */15 * * * *'

@description('Days the raw archive keeps a payload: Privacy__RawRetentionDays, and the storage lifecycle rule that deletes blobs under raw/ that many days after their creation (one value for both).')
@minValue(30)
@maxValue(3650)
param rawRetentionDays int = 365

@description('Days fact rows keep the guest\'s e-mail, phone, comment and links before the ApplyRetention timer anonymizes them: Privacy__FactRetentionDays.')
@minValue(1)
@maxValue(3650)
param factRetentionDays int = 1095

@description('NCRONTAB (six fields, UTC) of the retention sweep: Privacy__RetentionSchedule.')
param retentionSchedule string = '0 30 2 * * *'

@description('Warn / Alert / MinimumSample levels by indicator id as the catalogue writes it, e.g. {"calls.service-level": {"Warn": "85", "Alert": "75"}}: Barometers__Thresholds__{id with \'.\' and \'-\' written \'_\'}__{level}. Decimal levels as text ("4.2"). An indicator not listed keeps the catalogue\'s levels.')
param barometerThresholds indicatorThresholds = {}

@description('Accepted clock skew of signed webhooks in seconds: Webhooks__ToleranceSeconds.')
@minValue(0)
@maxValue(3600)
param webhookToleranceSeconds int = 300

@description('Largest accepted request body in bytes: Intake__MaxBodyBytes.')
@minValue(1024)
param intakeMaxBodyBytes int = 4194304

@description('Largest accepted batch of contacts per request: Intake__MaxBatchSize.')
@minValue(1)
param intakeMaxBatchSize int = 500

@description('Webhook signing secrets by source, e.g. {"surveys":"...","typeform":"...","brevo":"..."}. A missing or empty value leaves that Key Vault secret untouched (set it later with az keyvault secret set).')
@secure()
param webhookSecrets object = {}

@description('Secret of the guest keys (Privacy__KeySecret): at least 32 random characters, e.g. openssl rand -base64 48. Empty leaves the Key Vault secret guest-key-secret as it is; the app does not start until it exists. Set it once: another value changes every guest key.')
@secure()
param guestKeySecret string = ''

@description('Optional object ID of the operator (or pipeline) allowed to set the webhook secrets: Key Vault Secrets Officer on the vault. Empty = nobody.')
#disable-next-line secure-secrets-in-params // an object ID names who may write secrets; it is no secret itself
param secretsOfficerPrincipalId string = ''

@description('Type of secretsOfficerPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
#disable-next-line secure-secrets-in-params // 'User', 'Group' or 'ServicePrincipal': no secret
param secretsOfficerPrincipalType string = 'User'

@description('Tags added to every resource.')
param tags object = {}

// ---------------------------------------------------------------------------------------------
// Names shared with the code: functions/CrmFunctions.Core/Contracts/StorageNames.cs
// (QueueNames.All, TableNames.All, ContainerNames.All). tests/CrmFunctions.Infra.Tests fails when
// these lists and the code disagree. The modules declare no other queue, table or container.
// ---------------------------------------------------------------------------------------------

var queueNames = [
  'contacts-normalize'
  'contacts-dedupe'
  'contacts-enrich'
  'campaign-triggers'
  'privacy-erasures'
]

var tableNames = [
  'Contacts'
  'ContactMatchIndex'
  'ContactSources'
  'Surveys'
  'Interactions'
  'CampaignEvents'
  'CampaignInvitations'
  'StaffAssessments'
  'Stays'
  'DuplicateReview'
  'Barometers'
  'BarometerLedger0'
  'BarometerLedger1'
  'BarometerLedger2'
  'BarometerLedger3'
  'BarometerLedger4'
  'BarometerLedger5'
  'BarometerLedger6'
  'BarometerLedger7'
  'BarometerLedger8'
  'BarometerLedger9'
  'BarometerLedgerA'
  'BarometerLedgerB'
  'BarometerLedgerC'
  'BarometerLedgerD'
  'BarometerLedgerE'
  'BarometerLedgerF'
  'BarometerChanges'
  'IngestionLog'
  'Idempotency'
  'PrivacyLog'
  'PrivacySuppressions'
  'CampaignSends'
]

// The raw archive (ContainerNames.Raw), whose blobs the lifecycle rule deletes after rawRetentionDays.
var rawContainerName = 'raw'

var containerNames = [
  rawContainerName
  'exports'
]

// Flex Consumption deployment package container (not used by the app code).
var deploymentContainerName = 'app-package'

// Queues that trigger a function (NormalizeContact, DeduplicateContact, EnrichContact, DispatchCampaignTrigger, EraseGuest).
var triggerQueueNames = [
  'contacts-normalize'
  'contacts-dedupe'
  'contacts-enrich'
  'campaign-triggers'
  'privacy-erasures'
]

// Queues the app sends to: intake and replay -> normalize -> dedupe -> enrich -> campaign-triggers,
// the barometer alerts -> campaign-triggers, and the privacy API -> privacy-erasures.
var sendQueueNames = [
  'contacts-normalize'
  'contacts-dedupe'
  'contacts-enrich'
  'campaign-triggers'
  'privacy-erasures'
]

// Duplicate detection where the sender sets a meaningful MessageId: intake (a client retrying the
// same payload, MessageId = idempotency key) and campaign triggers (never send an invitation twice).
var duplicateDetectionQueueNames = [
  'contacts-normalize'
  'campaign-triggers'
]

// Webhook sources with a signing secret: Key Vault secret webhook-{source}, app setting
// Webhooks__Secrets__{source with '-' written '_'} (secrets.bicep, SettingNames.WebhookSecret).
var webhookSources = [
  'surveys'
  'typeform'
  'brevo'
  'interactions'
  'campaign-events'
  'staff'
]

// ---------------------------------------------------------------------------------------------
// Sizing and resource names
// ---------------------------------------------------------------------------------------------

var sizing = {
  dev: {
    storageSku: 'Standard_LRS'
    blobSoftDeleteDays: 7
    logRetentionDays: 30
    logDailyQuotaGb: 1
    keyVaultSoftDeleteDays: 7
  }
  prod: {
    storageSku: 'Standard_ZRS'
    blobSoftDeleteDays: 30
    logRetentionDays: 90
    logDailyQuotaGb: -1
    keyVaultSoftDeleteDays: 90
  }
}
var size = sizing[environmentName]

// Bicep has no pattern constraint: the characters are checked here, so that a bad prefix fails the
// deployment (and `bicep snapshot`) with this message before any resource is created.
var loweredPrefix = toLower(namePrefix)
var prefixCharacters = map(range(0, length(loweredPrefix)), i => substring(loweredPrefix, i, 1))
var letters = 'abcdefghijklmnopqrstuvwxyz'
var prefixIsValid = contains(letters, substring(loweredPrefix, 0, 1)) && empty(filter(prefixCharacters, c => !contains('${letters}0123456789', c)))
var prefix = prefixIsValid ? loweredPrefix : fail('namePrefix \'${namePrefix}\' must hold only letters and digits and start with a letter: the storage account name is made of it')
var token = toLower(uniqueString(resourceGroup().id, prefix, environmentName))
var allTags = union({
  application: 'CrmFunctions'
  environment: environmentName
}, tags)

var names = {
  identity: 'id-${prefix}-${environmentName}'
  storage: take('st${prefix}${environmentName}${token}', 24)
  serviceBus: 'sb-${prefix}-${environmentName}-${take(token, 8)}'
  keyVault: 'kv-${prefix}-${environmentName}-${take(token, 5)}'
  workspace: 'log-${prefix}-${environmentName}'
  appInsights: 'appi-${prefix}-${environmentName}'
  plan: 'plan-${prefix}-${environmentName}'
  functionApp: 'func-${prefix}-${environmentName}-${take(token, 8)}'
}

// ---------------------------------------------------------------------------------------------
// Modules
// ---------------------------------------------------------------------------------------------

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: allTags
    retentionInDays: size.logRetentionDays
    dailyQuotaGb: size.logDailyQuotaGb
    disableLocalAuth: appInsightsDisableLocalAuth
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: size.storageSku
    tableNames: tableNames
    containerNames: containerNames
    deploymentContainerName: deploymentContainerName
    blobSoftDeleteDays: size.blobSoftDeleteDays
    rawContainerName: rawContainerName
    rawRetentionDays: rawRetentionDays
  }
}

module messaging 'modules/messaging.bicep' = {
  name: 'messaging'
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    skuName: serviceBusSku
    premiumMessagingUnits: serviceBusPremiumMessagingUnits
    queueNames: queueNames
    duplicateDetectionQueues: duplicateDetectionQueueNames
  }
}

module secrets 'modules/secrets.bicep' = {
  name: 'secrets'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    softDeleteRetentionInDays: size.keyVaultSoftDeleteDays
    enablePurgeProtection: keyVaultPurgeProtection
    webhookSources: webhookSources
    webhookSecrets: webhookSecrets
    guestKeySecret: guestKeySecret
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: messaging.outputs.name
    triggerQueueNames: triggerQueueNames
    sendQueueNames: sendQueueNames
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: secrets.outputs.name
    secretsOfficerPrincipalId: secretsOfficerPrincipalId
    secretsOfficerPrincipalType: secretsOfficerPrincipalType
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    serviceBusFullyQualifiedNamespace: messaging.outputs.fullyQualifiedNamespace
    appInsightsConnectionString: monitoring.outputs.connectionString
    webhookSettingReferences: secrets.outputs.webhookSettingReferences
    privacySettingReferences: secrets.outputs.privacySettingReferences
    campaignSettingReferences: secrets.outputs.campaignSettingReferences
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    barometersSchedule: barometersSchedule
    barometerThresholds: barometerThresholds
    webhookToleranceSeconds: webhookToleranceSeconds
    intakeMaxBodyBytes: intakeMaxBodyBytes
    intakeMaxBatchSize: intakeMaxBatchSize
    rawRetentionDays: rawRetentionDays
    factRetentionDays: factRetentionDays
    retentionSchedule: retentionSchedule
  }
  // Start the app only once its identity can reach storage, Service Bus, Key Vault and telemetry.
  dependsOn: [
    roles
  ]
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

output functionAppUrl string = functionApp.outputs.url
output functionAppName string = functionApp.outputs.name
output storageAccountName string = storage.outputs.name
output deploymentContainerName string = storage.outputs.deploymentContainerName
output serviceBusNamespace string = messaging.outputs.name
output serviceBusFullyQualifiedNamespace string = messaging.outputs.fullyQualifiedNamespace
output keyVaultName string = secrets.outputs.name
output appInsightsName string = monitoring.outputs.appInsightsName
output identityClientId string = identity.outputs.clientId
