// Role assignments of the function app's user-assigned identity, each at the narrowest scope that
// still works:
// - storage: the account (the host creates its own containers and uses blobs and queues; the app
//   reads and writes its tables and containers);
// - Service Bus: each queue on its own, Receiver where a function is triggered, Sender where
//   something is sent (no namespace-wide role);
// - Application Insights: the component (Entra-authenticated telemetry);
// - Key Vault: the vault, which holds only this app's webhook secrets (a secret-level scope would need
//   every secret to exist at deployment time, see secrets.bicep).
// Built-in role definition IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles

@description('Principal (object) ID of the function app identity.')
param principalId string

@description('Storage account of the app.')
param storageAccountName string

@description('Service Bus namespace of the app.')
param serviceBusNamespaceName string

@description('Queues the app is triggered by (Azure Service Bus Data Receiver on each).')
param receiveQueueNames array

@description('Queues the app sends to (Azure Service Bus Data Sender on each).')
param sendQueueNames array

@description('Application Insights component.')
param appInsightsName string

@description('Key Vault holding the webhook secrets.')
param keyVaultName string

@description('Optional: principal that may set the webhook secrets (Key Vault Secrets Officer on the vault), e.g. the operator running the deployment. Empty = none.')
param secretsOfficerPrincipalId string = ''

@description('Type of secretsOfficerPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param secretsOfficerPrincipalType string = 'User'

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

var storageRoles = [
  roleIds.storageBlobDataOwner
  roleIds.storageQueueDataContributor
  roleIds.storageTableDataContributor
]

resource storageAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource receiveQueues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = [for queueName in receiveQueueNames: {
  parent: namespace
  name: queueName
}]

resource sendQueues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = [for queueName in sendQueueNames: {
  parent: namespace
  name: queueName
}]

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoles: {
  name: guid(storageAccount.id, principalId, roleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource receiverAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (queueName, i) in receiveQueueNames: {
  name: guid(receiveQueues[i].id, principalId, roleIds.serviceBusDataReceiver)
  scope: receiveQueues[i]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource senderAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (queueName, i) in sendQueueNames: {
  name: guid(sendQueues[i].id, principalId, roleIds.serviceBusDataSender)
  scope: sendQueues[i]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource metricsPublisherAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsUserAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, roleIds.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsOfficerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(secretsOfficerPrincipalId)) {
  name: guid(vault.id, secretsOfficerPrincipalId, roleIds.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsOfficer)
    principalId: secretsOfficerPrincipalId
    principalType: secretsOfficerPrincipalType
  }
}
