// Role assignments of the function app's user-assigned identity, each at the narrowest scope that
// still works:
// - storage: the account (the host creates its own containers and uses blobs and queues; the app
//   reads and writes its tables and containers);
// - Service Bus: each queue on its own, Data Owner where a function is triggered (see below), Sender
//   where something is sent (no namespace-wide role);
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

@description('Queues that trigger a function (Azure Service Bus Data Owner on each).')
param triggerQueueNames array

@description('Queues the app sends to (Azure Service Bus Data Sender on each).')
param sendQueueNames array

@description('Application Insights component.')
param appInsightsName string

@description('Key Vault holding the webhook secrets.')
param keyVaultName string

@description('Optional: principal that may set the webhook secrets (Key Vault Secrets Officer on the vault), e.g. the operator running the deployment. Empty = none.')
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

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
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

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource triggerQueues 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = [for queueName in triggerQueueNames: {
  parent: namespace
  name: queueName
}]

resource sendQueues 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' existing = [for queueName in sendQueueNames: {
  parent: namespace
  name: queueName
}]

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
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

// A Service Bus trigger receives with Data Receiver, but the platform scales on the queue's message
// count, which only a Manage right can read: with Receiver alone the app may not scale out, nor wake
// from zero on Flex Consumption. Microsoft documents Azure Service Bus Data Owner for identity-based
// Service Bus triggers and for scaling:
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus#grant-permission-to-the-identity
// https://learn.microsoft.com/azure/azure-functions/event-driven-scaling (Service Bus: Manage rights)
// Given per trigger queue, so the Manage right reaches no other entity of the namespace.
resource triggerQueueOwnerAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (queueName, i) in triggerQueueNames: {
  name: guid(triggerQueues[i].id, principalId, roleIds.serviceBusDataOwner)
  scope: triggerQueues[i]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataOwner)
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
