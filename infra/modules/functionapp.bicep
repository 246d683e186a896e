// Function app on Flex Consumption (Linux), running the ASP.NET Core app as a custom handler.
// Flex takes the language stack from functionAppConfig.runtime and runs the package from the
// deployment container, so the app settings below carry none of the settings Flex rejects
// (the worker-runtime, extension-version, run-from-package and content-share settings).
// Local-only settings (the standalone trigger runner's Runner__*) are not deployed.

@export()
@description('The levels an operator sets for one indicator; the others keep the catalogue\'s. Warn and Alert are text so that decimal levels ("4.2") can be given.')
type indicatorLevels = {
  Warn: string?
  Alert: string?
  MinimumSample: int?
}

@export()
@description('Indicator id, as the catalogue writes it ("calls.service-level", "touchpoint.check-in") -> its levels.')
type indicatorThresholds = {
  *: indicatorLevels
}

@description('Function app name: globally unique, it is also the host name <name>.azurewebsites.net.')
@minLength(2)
@maxLength(60)
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region (must offer Flex Consumption).')
param location string

@description('Tags applied to the resources.')
param tags object = {}

@description('Resource ID of the user-assigned identity.')
param identityId string

@description('Client ID of the user-assigned identity.')
param identityClientId string

@description('Storage account of the app (host storage, app data, deployment container).')
param storageAccountName string

@description('URL of the blob container holding the deployment package.')
param deploymentContainerUrl string

@description('Fully qualified Service Bus namespace, e.g. sb-crm-dev-xxxx.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('App settings Webhooks__Secrets__{key} -> Key Vault references (secrets module output).')
param webhookSettingReferences object

@description('App setting Privacy__KeySecret -> its Key Vault reference (secrets module output).')
param privacySettingReferences object

@description('App settings Campaigns__Brevo__ApiKey and Campaigns__Webhook__Secret -> Key Vault references (secrets module output).')
param campaignSettingReferences object

@description('Sender name or number of the campaign SMS sent through Brevo; empty until SMS is used.')
param campaignSmsSender string = ''

@description('Address the signed campaign webhook posts triggers to; empty when no kind goes to the webhook.')
param campaignWebhookUrl string = ''

@description('Incoming webhook (Slack, Teams) the barometer alert digests are posted to; empty for none. Its URL is its credential.')
@secure()
param alertWebhookUrl string = ''

@description('Sender address (registered with Brevo) of the alert digest e-mails; empty until the managers get e-mails.')
param alertSender string = ''

@description('Maximum number of instances the app scales out to (per function group): Flex Consumption accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions (0 = scale to zero; billed when above 0).')
@minValue(0)
param alwaysReadyHttpInstances int = 0

@description('NCRONTAB (six fields, UTC) of the barometer refresh timer.')
param barometersSchedule string = '0 */15 * * * *'

@description('Levels of indicators by indicator id (see indicatorThresholds).')
param barometerThresholds indicatorThresholds = {}

@description('Accepted clock skew of signed webhooks, in seconds.')
param webhookToleranceSeconds int = 300

@description('Largest accepted request body, in bytes.')
param intakeMaxBodyBytes int = 4194304

@description('Largest accepted batch of contacts in one request.')
param intakeMaxBatchSize int = 500

@description('Days the raw archive keeps a payload (the storage lifecycle rule deletes them after as many).')
param rawRetentionDays int = 365

@description('Days fact rows keep their personal data before they are anonymized.')
param factRetentionDays int = 1095

@description('NCRONTAB (six fields, UTC) of the retention sweep timer.')
param retentionSchedule string = '0 30 2 * * *'

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyHttpInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstances
          }
        ] : []
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// Every setting the code reads (SettingNames.cs), in the identity-based form.
var appSettings = {
  // Host storage: identity-based (the account has shared-key access disabled).
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // App data (tables, blobs): the CrmStorage connection string is local-only; in Azure the app
  // uses the account name and the user-assigned identity.
  CrmStorage__accountName: storageAccountName
  CrmStorage__clientId: identityClientId
  // Service Bus triggers and outputs of the host (connection "ServiceBusConnection").
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identityClientId
  // Telemetry, Microsoft Entra authenticated with the same identity.
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // Behaviour.
  Webhooks__ToleranceSeconds: string(webhookToleranceSeconds)
  Intake__MaxBodyBytes: string(intakeMaxBodyBytes)
  Intake__MaxBatchSize: string(intakeMaxBatchSize)
  Barometers__Schedule: barometersSchedule
  Barometers__Indicators: 'nps,csat,calls.service-level,requests.per-agent-day,complaints.per-100-stays,skills.index'
  // Deduplication: scores are log2 Bayes factors; see the pipeline docs before changing them.
  Pipeline__AutoMergeThreshold: '20'
  Pipeline__ReviewThreshold: '12'
  Pipeline__DefaultCountry: 'FR'
  Pipeline__MaxBlockSize: '50'
  Pipeline__ModelPath: ''
  // Retention: the raw days are also the storage lifecycle rule's, from the same parameter.
  Privacy__RawRetentionDays: string(rawRetentionDays)
  Privacy__FactRetentionDays: string(factRetentionDays)
  Privacy__RetentionSchedule: retentionSchedule
  // Campaign dispatch; the destination, templates and SMS texts per kind (Campaigns__Destinations__*,
  // Campaigns__Brevo__Templates__*, Campaigns__Brevo__SmsTexts__*) are set by the operator.
  Campaigns__Brevo__BaseUrl: 'https://api.brevo.com'
  Campaigns__Brevo__SmsSender: campaignSmsSender
  Campaigns__Webhook__Url: campaignWebhookUrl
  Campaigns__MaxPerGuestPerWeek: '3'
  Campaigns__PauseMinutesOnUnauthorized: '15'
  // Barometer alert digests to managers; the e-mail lists per property (Campaigns__Alerts__Emails__{property},
  // __default) are set by the operator: addresses of people, not kept in templates.
  Campaigns__Alerts__WebhookUrl: alertWebhookUrl
  Campaigns__Alerts__DashboardUrl: 'https://${site.properties.defaultHostName}'
  Campaigns__Alerts__Sender: alertSender
  // Quiet hours on the property's clock; Campaigns__TimeZones__{property} (a property in another zone) is set by the operator.
  Campaigns__QuietHours__Start: '21:00'
  Campaigns__QuietHours__End: '09:00'
  Campaigns__TimeZone: 'Europe/Paris'
}

// Barometers__Thresholds__{key}__{level}, the key being the indicator id with '.' and '-' written '_'
// (SettingNames.BarometerThreshold): App Service on Linux would drop or change them in a setting name,
// and the app would not find the levels of "calls.service-level" under what reached it.
var thresholdSettings = toObject(
  flatten(map(items(barometerThresholds), indicator => map(
    filter(items(indicator.value), level => level.value != null),
    level => {
      name: 'Barometers__Thresholds__${replace(replace(indicator.key, '.', '_'), '-', '_')}__${level.key}'
      value: string(level.value)
    }
  ))),
  setting => setting.name,
  setting => setting.value
)

resource siteAppSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, thresholdSettings, webhookSettingReferences, privacySettingReferences, campaignSettingReferences)
}

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
output url string = 'https://${site.properties.defaultHostName}'
