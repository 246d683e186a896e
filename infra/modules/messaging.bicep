// Service Bus namespace and the pipeline queues. Local (SAS) authentication is disabled: the app
// and every other client connect with Microsoft Entra identities and Service Bus data roles.
// The queue names come from main.bicep, which mirrors QueueNames.All in
// functions/CrmFunctions.Core/Contracts/StorageNames.cs (checked by tests/CrmFunctions.Infra.Tests).

@description('Service Bus namespace name: 6-50 letters, digits and hyphens, starting with a letter, globally unique.')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags object = {}

@description('Service Bus tier. Standard by default; Premium for isolation, predictable latency and larger messages.')
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Standard'

@description('Messaging units when skuName is Premium (ignored for Standard).')
@allowed([
  1
  2
  4
  8
  16
])
param premiumMessagingUnits int = 1

@description('Queues the app uses (QueueNames.All).')
param queueNames array

@description('Queues with duplicate detection: a message whose MessageId was already seen within the history window is dropped. Fixed at queue creation; it cannot be changed later.')
param duplicateDetectionQueues array = []

@description('How long duplicate detection remembers a MessageId (ISO 8601 duration, 20 s to 7 days).')
param duplicateDetectionHistoryTimeWindow string = 'PT1H'

@description('Peek-lock duration of a received message (ISO 8601 duration, at most PT5M). The Functions host renews the lock while an invocation runs.')
param lockDuration string = 'PT1M'

@description('Deliveries before a message is dead-lettered. A failed custom-handler invocation is redelivered at once, without back-off.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int = 10

@description('Time to live of a message (ISO 8601 duration); expired messages go to the dead-letter queue.')
param defaultMessageTimeToLive string = 'P14D'

var isPremium = skuName == 'Premium'

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    capacity: isPremium ? premiumMessagingUnits : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    premiumMessagingPartitions: isPremium ? 1 : null
  }
}

resource queues 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [for queueName in queueNames: {
  parent: namespace
  name: queueName
  properties: {
    lockDuration: lockDuration
    maxDeliveryCount: maxDeliveryCount
    defaultMessageTimeToLive: defaultMessageTimeToLive
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: contains(duplicateDetectionQueues, queueName)
    duplicateDetectionHistoryTimeWindow: duplicateDetectionHistoryTimeWindow
    requiresSession: false
    enablePartitioning: false
    enableBatchedOperations: true
    maxSizeInMegabytes: 1024
  }
}]

output id string = namespace.id
output name string = namespace.name
// serviceBusEndpoint is https://<namespace>.servicebus.windows.net:443/ (suffix differs in sovereign clouds).
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
output queueNames array = [for (queueName, i) in queueNames: queues[i].name]
