// Storage account of the app: the host's storage (AzureWebJobsStorage), the app's own tables and
// blob containers (CrmStorage), and the Flex Consumption deployment container.
// Identity only: shared-key access is disabled, so no connection string or SAS works against it.
// The table and container names come from main.bicep, which mirrors
// functions/CrmFunctions.Core/Contracts/StorageNames.cs (checked by tests/CrmFunctions.Infra.Tests).

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags object = {}

@description('Replication of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Tables the app uses (TableNames.All).')
param tableNames array

@description('Blob containers the app uses (ContainerNames.All).')
param containerNames array

@description('Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Days a deleted blob (and a deleted container) can be restored. Applies to the whole blob service, so to `raw` as well.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 7

@description('Blob container of the raw archive, whose blobs the lifecycle rule deletes.')
param rawContainerName string

@description('Days after its creation a blob of the raw archive is deleted (Privacy__RawRetentionDays of the app).')
@minValue(30)
@maxValue(3650)
param rawRetentionDays int = 365

resource account 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Soft delete and versioning are blob-service settings: they protect `raw` (the audit and replay
// archive) and, as a side effect, `exports` and the deployment container too.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

// Retention of the raw archive: a payload goes once it is older than the app's Privacy__RawRetentionDays, from
// the same parameter (the app's own sweep does the same by the day in the blob's path). With versioning on, a
// deletion keeps the payload as a previous version: those go after the soft-delete window, like deleted blobs.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2026-09-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'raw-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${rawContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: rawRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: blobSoftDeleteDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource appContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = [for containerName in containerNames: {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-09-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-09-01' = [for tableName in tableNames: {
  parent: tableService
  name: tableName
}]

// The Functions host uses the queue service of AzureWebJobsStorage; the app's own queues are in
// Service Bus (the Storage queues of the same names exist only locally, in Azurite).
resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-09-01' = {
  parent: account
  name: 'default'
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
output deploymentContainerName string = deploymentContainer.name
