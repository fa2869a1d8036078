// Realistic ActiveSync documents (shapes from the MS-ASCMD and MS-ASPROV examples), built with
// the tree helpers. Opaque data is a Buffer, as decode returns it.
import { el, type WbxmlElement } from '../../src';

const provisioningPolicyType = 'MS-EAS-Provisioning-WBXML';

/** Provision, first request of a 14.1 device: DeviceInformation (code page 18) and the policy type. */
export const provisionRequest: WbxmlElement = el(
  'Provision',
  'Provision',
  el(
    'Settings',
    'DeviceInformation',
    el(
      'Settings',
      'Set',
      el('Settings', 'Model', 'SM-G991B'),
      el('Settings', 'IMEI', '356938035643809'),
      el('Settings', 'FriendlyName', 'Galaxy S21 da Ana'),
      el('Settings', 'OS', 'Android 14'),
      el('Settings', 'OSLanguage', 'Português (Brasil)'),
      el('Settings', 'PhoneNumber', '+55 61 99999-0000'),
      el('Settings', 'MobileOperator', 'Operadora Ω'),
      el('Settings', 'UserAgent', 'Android-Mail/2024.01.14'),
    ),
  ),
  el('Provision', 'Policies', el('Provision', 'Policy', el('Provision', 'PolicyType', provisioningPolicyType))),
);

/** The response: a temporary policy key and an EASProvisionDoc with a few settings. */
export const provisionResponse: WbxmlElement = el(
  'Provision',
  'Provision',
  el('Provision', 'Status', 1),
  el('Settings', 'DeviceInformation', el('Settings', 'Status', 1)),
  el(
    'Provision',
    'Policies',
    el(
      'Provision',
      'Policy',
      el('Provision', 'PolicyType', provisioningPolicyType),
      el('Provision', 'Status', 1),
      el('Provision', 'PolicyKey', 1307199584),
      el(
        'Provision',
        'Data',
        el(
          'Provision',
          'EASProvisionDoc',
          el('Provision', 'DevicePasswordEnabled', 1),
          el('Provision', 'AlphanumericDevicePasswordRequired', 0),
          el('Provision', 'PasswordRecoveryEnabled', 0),
          el('Provision', 'RequireStorageCardEncryption', 0),
          el('Provision', 'AttachmentsEnabled', 1),
          el('Provision', 'MinDevicePasswordLength', 4),
          el('Provision', 'MaxInactivityTimeDeviceLock', 900),
          el('Provision', 'MaxDevicePasswordFailedAttempts', 8),
          el('Provision', 'MaxAttachmentSize'),
          el('Provision', 'AllowSimpleDevicePassword', 1),
          el('Provision', 'DevicePasswordExpiration'),
          el('Provision', 'DevicePasswordHistory', 0),
          el('Provision', 'AllowStorageCard', 1),
          el('Provision', 'AllowCamera', 1),
          el('Provision', 'RequireDeviceEncryption', 0),
          el('Provision', 'AllowWiFi', 1),
          el('Provision', 'AllowHTMLEmail', 1),
          el('Provision', 'MaxEmailAgeFilter', 0),
          el('Provision', 'AllowBrowser', 1),
          el('Provision', 'UnapprovedInROMApplicationList'),
          el('Provision', 'ApprovedApplicationList'),
        ),
      ),
    ),
  ),
);

/** Second request: the device acknowledges the policy with the temporary key. */
export const provisionAcknowledgement: WbxmlElement = el(
  'Provision',
  'Provision',
  el(
    'Provision',
    'Policies',
    el(
      'Provision',
      'Policy',
      el('Provision', 'PolicyType', provisioningPolicyType),
      el('Provision', 'PolicyKey', 1307199584),
      el('Provision', 'Status', 1),
    ),
  ),
);

/** The server orders a wipe; the device confirms it. */
export const remoteWipeDirective: WbxmlElement = el('Provision', 'Provision', el('Provision', 'Status', 1), el('Provision', 'RemoteWipe'));
export const remoteWipeConfirmation: WbxmlElement = el('Provision', 'Provision', el('Provision', 'RemoteWipe', el('Provision', 'Status', 1)));

export const folderSyncRequest: WbxmlElement = el('FolderHierarchy', 'FolderSync', el('FolderHierarchy', 'SyncKey', 0));

const folder = (serverId: string, parentId: string, name: string, type: number) =>
  el(
    'FolderHierarchy',
    'Add',
    el('FolderHierarchy', 'ServerId', serverId),
    el('FolderHierarchy', 'ParentId', parentId),
    el('FolderHierarchy', 'DisplayName', name),
    el('FolderHierarchy', 'Type', type),
  );

/** Initial FolderSync response: the default folders (types from MS-ASCMD 2.2.3.186.3). */
export const folderSyncResponse: WbxmlElement = el(
  'FolderHierarchy',
  'FolderSync',
  el('FolderHierarchy', 'Status', 1),
  el('FolderHierarchy', 'SyncKey', '{5c2fc8a0-0b9e-4f6a-9d55-8e0f1d2a3b4c}1'),
  el(
    'FolderHierarchy',
    'Changes',
    el('FolderHierarchy', 'Count', 7),
    folder('2', '0', 'Entrada', 2),
    folder('5', '0', 'Itens Enviados', 5),
    folder('6', '0', 'Rascunhos', 3),
    folder('3', '0', 'Lixeira', 4),
    folder('10', '0', 'Calendário', 8),
    folder('7', '0', 'Contatos', 9),
    folder('15', '0', 'Tarefas & <Notas>', 7),
  ),
);

/** Sync request: AirSync with AirSyncBase options (page switches inside Options). */
export const syncRequest: WbxmlElement = el(
  'AirSync',
  'Sync',
  el(
    'AirSync',
    'Collections',
    el(
      'AirSync',
      'Collection',
      el('AirSync', 'SyncKey', '1'),
      el('AirSync', 'CollectionId', '2'),
      el('AirSync', 'DeletesAsMoves', 1),
      el('AirSync', 'GetChanges'),
      el('AirSync', 'WindowSize', 25),
      el(
        'AirSync',
        'Options',
        el('AirSync', 'FilterType', 3),
        el('AirSyncBase', 'BodyPreference', el('AirSyncBase', 'Type', 2), el('AirSyncBase', 'TruncationSize', 200000)),
        el('AirSync', 'MIMESupport', 0),
      ),
    ),
  ),
);

/** SendMail with the message as OPAQUE (what libwbxml calls a binary element). */
export const sendMail: WbxmlElement = el(
  'ComposeMail',
  'SendMail',
  el('ComposeMail', 'ClientId', 'c0ffee-1'),
  el('ComposeMail', 'SaveInSentItems'),
  el(
    'ComposeMail',
    'Mime',
    Buffer.from('From: ana@example.com\r\nTo: bob@example.com\r\nSubject: Olá\r\n\r\nTudo bem? \u00e7\u00e3o\r\n', 'utf8'),
  ),
);

export const pingRequest: WbxmlElement = el(
  'Ping',
  'Ping',
  el('Ping', 'HeartbeatInterval', 480),
  el(
    'Ping',
    'Folders',
    el('Ping', 'Folder', el('Ping', 'Id', '2'), el('Ping', 'Class', 'Email')),
    el('Ping', 'Folder', el('Ping', 'Id', '10'), el('Ping', 'Class', 'Calendar')),
  ),
);

/** Documents that the Debian libwbxml2 (0.11.8) knows every tag of. */
export const DOCUMENTS: Record<string, WbxmlElement> = {
  provisionRequest,
  provisionResponse,
  provisionAcknowledgement,
  remoteWipeDirective,
  remoteWipeConfirmation,
  folderSyncRequest,
  folderSyncResponse,
  syncRequest,
  sendMail,
  pingRequest,
};
