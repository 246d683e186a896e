// Key Vault (RBAC mode) for the webhook signing secrets, one secret per source, referenced from the
// app settings Webhooks__Secrets__{key} as @Microsoft.KeyVault(SecretUri=...) (versionless, so a
// rotated secret is picked up when App Service refreshes its references), and for the secret of the
// guest keys (guest-key-secret, app setting Privacy__KeySecret).
//
// Secret values: a source whose value is given in `webhookSecrets` gets that value written on every
// deployment. A source whose value is absent or empty is NOT written: the template never overwrites a
// secret an operator set with `az keyvault secret set`, and never creates an empty one. Until a value
// exists, App Service cannot resolve the reference and passes the reference text itself to the app,
// which must treat a value starting with "@Microsoft.KeyVault(" as "secret not configured" and reject
// that source's webhooks. The same rule holds for guest-key-secret: until it exists the app refuses to
// start, naming Privacy__KeySecret (keys made with the reference text would be lost to erasure).

@description('Key Vault name: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags object = {}

@description('Days a deleted vault or secret can be recovered (7-90). Fixed when the vault is created.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

@description('Purge protection: once on, it cannot be turned off, and a deleted vault or secret cannot be purged before its retention ends.')
param enablePurgeProtection bool = true

@description('Webhook sources (letters, digits, hyphens); each gets the secret webhook-{source} and the app setting Webhooks__Secrets__{source with \'-\' written \'_\'}.')
param webhookSources array

@description('Secret values by source, e.g. {"surveys": "..."}; missing or empty = leave that secret as it is in the vault.')
@secure()
param webhookSecrets object = {}

@description('Secret of the guest keys (HMAC-SHA256 of a guest\'s e-mail or phone); empty = leave the vault\'s guest-key-secret as it is.')
@secure()
param guestKeySecret string = ''

// App setting of a source's secret, as the app looks it up (SettingNames.WebhookSecret): App Service on
// Linux drops every character of a setting name but letters, digits and '_' ('.' becomes '_'), so
// Webhooks__Secrets__campaign-events would reach the app as Webhooks__Secrets__campaignevents.
var webhookSettingPrefix = 'Webhooks__Secrets__'
// Built from the name so that the app settings can be computed at the start of the deployment.
var vaultUri = 'https://${name}${environment().suffixes.keyvaultDns}/'
var guestKeySecretName = 'guest-key-secret'
// Campaign dispatch: Brevo's API key and the outbound webhook's signing secret, set with az keyvault secret set.
var brevoApiKeySecretName = 'brevo-api-key'
var campaignWebhookSecretName = 'campaign-webhook-secret'

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    accessPolicies: []
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service rejects `false` here: purge protection is either on or not set.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForTemplateDeployment: false
    enabledForDiskEncryption: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource webhookSecretValues 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = [for source in webhookSources: if (!empty(webhookSecrets[?source] ?? '')) {
  parent: vault
  name: 'webhook-${source}'
  properties: {
    value: webhookSecrets[?source] ?? ''
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}]

// Never rotated by a deployment: every guest key is made with it, and a new value would orphan what
// the ledger and the stays hold (see "Re-keying" in the README).
resource guestKeySecretValue 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(guestKeySecret)) {
  parent: vault
  name: guestKeySecretName
  properties: {
    value: guestKeySecret
    contentType: 'text/plain'
    attributes: {
      enabled: true
    }
  }
}

output id string = vault.id
output name string = vault.name
output vaultUri string = vault.properties.vaultUri
// App settings Webhooks__Secrets__{key} -> Key Vault reference (no secret values in here).
output webhookSettingReferences object = toObject(webhookSources, source => '${webhookSettingPrefix}${replace(source, '-', '_')}', source => '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/webhook-${source})')
// App setting Privacy__KeySecret (SettingNames.PrivacyKeySecret) -> Key Vault reference.
output privacySettingReferences object = {
  Privacy__KeySecret: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${guestKeySecretName})'
}
// App settings Campaigns__Brevo__ApiKey and Campaigns__Webhook__Secret -> Key Vault references. Until a secret
// exists its setting holds the reference text: Brevo answers 401 and dispatch to it pauses, the webhook's
// receiver refuses the signature.
output campaignSettingReferences object = {
  Campaigns__Brevo__ApiKey: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${brevoApiKeySecretName})'
  Campaigns__Webhook__Secret: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${campaignWebhookSecretName})'
}
